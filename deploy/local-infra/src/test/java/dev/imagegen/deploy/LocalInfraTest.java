package dev.imagegen.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalInfraTest {

    @Test
    void parsesPortsAndDataFolder() {
        LocalInfra.Options options = LocalInfra.Options.parse(
                new String[] { "--postgres", "15432", "--redis", "16379", "--data", "/tmp/x" });

        assertThat(options.postgresPort()).isEqualTo(15432);
        assertThat(options.redisPort()).isEqualTo(16379);
        assertThat(options.data()).isEqualTo(Path.of("/tmp/x"));
        assertThat(LocalInfra.Options.parse(new String[] { "--redis", "6379", "--data", "d" }).postgresPort())
                .isZero();
    }

    @Test
    void refusesIncompleteOrUnknownArguments() {
        assertThatThrownBy(() -> LocalInfra.Options.parse(new String[] { "--redis", "6379" }))
                .hasMessageContaining("--data");
        assertThatThrownBy(() -> LocalInfra.Options.parse(new String[] { "--data", "d" }))
                .hasMessageContaining("nothing to start");
        assertThatThrownBy(() -> LocalInfra.Options.parse(new String[] { "--redis", "x", "--data", "d" }))
                .hasMessageContaining("port number");
        assertThatThrownBy(() -> LocalInfra.Options.parse(new String[] { "--mysql", "3306", "--data", "d" }))
                .hasMessageContaining("unknown argument --mysql");
        assertThatThrownBy(() -> LocalInfra.Options.parse(new String[] { "--data" }))
                .hasMessageContaining("needs a value");
    }

    @Test
    void startsBothEnginesWithTheImagegenDatabaseAndKeepsDataAcrossRestarts(@TempDir Path data) throws Exception {
        int[] ports = freePorts();
        int postgresPort = ports[0];
        int redisPort = ports[1];
        LocalInfra.Options options = new LocalInfra.Options(postgresPort, redisPort, data);

        LocalInfra first = new LocalInfra();
        try {
            assertThat(first.start(options)).containsExactly("redis=redis://127.0.0.1:" + redisPort,
                    "postgres=postgresql://127.0.0.1:" + postgresPort + "/imagegen");
            assertThat(redis(redisPort, "PING")).isEqualTo("+PONG");
            assertThat(redis(redisPort, "SET kept yes")).isEqualTo("+OK");
            try (Connection c = imagegen(postgresPort); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id int)");
            }
        } finally {
            first.stop();
        }
        assertThat(listening(postgresPort)).isFalse();
        assertThat(listening(redisPort)).isFalse();

        LocalInfra second = new LocalInfra();
        try {
            second.start(options);
            assertThat(redis(redisPort, "GET kept")).isEqualTo("$3");
            try (Connection c = imagegen(postgresPort); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM kept")) {
                assertThat(rs.next()).isTrue();
            }
        } finally {
            second.stop();
        }
    }

    private static Connection imagegen(int port) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/imagegen", "imagegen",
                "imagegen");
    }

    /** Sends one inline command and returns the first line of the reply. */
    private static String redis(int port, String command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Two distinct free ports: both sockets stay open until both are known. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] { a.getLocalPort(), b.getLocalPort() };
        }
    }
}
