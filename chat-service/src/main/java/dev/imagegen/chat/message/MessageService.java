package dev.imagegen.chat.message;

import dev.imagegen.chat.command.Command;
import dev.imagegen.chat.command.CommandParser;
import dev.imagegen.chat.events.ChatEventPublisher;
import dev.imagegen.chat.generation.GenerationClient;
import dev.imagegen.chat.generation.GenerationRequest;
import dev.imagegen.chat.generation.Submission;
import dev.imagegen.chat.thread.ChatThread;
import dev.imagegen.chat.thread.ThreadRepository;
import dev.imagegen.common.events.JobEvent;
import dev.imagegen.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Posts messages, runs their commands, and keeps /image replies up to date with their jobs. */
@ApplicationScoped
public class MessageService {

    static final int MAX_CONTENT = 4000;
    private static final int TITLE_LENGTH = 80;

    private final MessageRepository messages;
    private final ThreadRepository threads;
    private final GenerationClient generation;
    private final ChatEventPublisher live;

    public MessageService(MessageRepository messages, ThreadRepository threads, GenerationClient generation,
            ChatEventPublisher live) {
        this.messages = messages;
        this.threads = threads;
        this.generation = generation;
        this.live = live;
    }

    public Uni<MessageView.Page> list(UUID userId, UUID threadId, int page, int size) {
        return Panache.withSession(() -> owned(userId, threadId)
                .chain(thread -> messages.page(threadId, page, size))
                .chain(items -> messages.countIn(threadId).map(total -> new MessageView.Page(
                        items.stream().map(MessageView::of).toList(), page, size, total))));
    }

    /**
     * Saves the user's message with the assistant's immediate reply, if its command has one, and announces
     * both; an {@code /image} then asks generation-service for the job as the user ({@code bearerToken}).
     */
    public Uni<MessageView.Posted> post(UUID userId, UUID threadId, String content, String bearerToken) {
        if (content.codePointCount(0, content.length()) > MAX_CONTENT) {
            throw ProblemException.invalid("content", "must be at most " + MAX_CONTENT + " characters");
        }
        Command command = CommandParser.parse(content);
        return Panache.withTransaction(() -> owned(userId, threadId).chain(thread -> {
                    List<ChatMessage> posted = new ArrayList<>();
                    posted.add(ChatMessage.user(thread, content.strip()));
                    reply(thread, command).ifPresent(posted::add);
                    touch(thread, command instanceof Command.Image image ? image.prompt() : content);
                    return messages.persist(posted).replaceWith(posted);
                }))
                .call(posted -> announce(posted))
                .chain(posted -> command instanceof Command.Image image
                        ? submit(posted, image, bearerToken)
                        : Uni.createFrom().item(posted))
                .map(posted -> new MessageView.Posted(MessageView.of(posted.get(0)),
                        posted.subList(1, posted.size()).stream().map(MessageView::of).toList()));
    }

    /**
     * Applies one event to the reply that follows its job. Early events may pass before the reply knows its
     * task id (generation-service queues the job before it answers); a result waits a little for that, and
     * a result no reply claims (a job asked for through the API with a thread id) gets a reply of its own.
     */
    public Uni<Void> apply(JobEvent event) {
        if (event.threadId() == null) {
            return Uni.createFrom().voidItem();
        }
        UUID taskId = event.jobId();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> messages.findByTaskForUpdate(taskId)
                        .chain(message -> {
                            if (message != null) {
                                return Uni.createFrom().item(message.apply(event) ? Optional.of(message)
                                        : Optional.<ChatMessage>empty());
                            }
                            if (!event.type().isTerminal()) {
                                return Uni.createFrom().item(Optional.<ChatMessage>empty());
                            }
                            // Only the owner's existing threads take results: a forged or deleted thread id posts nothing.
                            return threads.findOwned(event.userId(), event.threadId()).map(thread -> {
                                if (thread == null) {
                                    return Optional.<ChatMessage>empty();
                                }
                                throw new ReplyNotLinked();
                            });
                        })))
                .onFailure(ReplyNotLinked.class).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .atMost(8)
                .onFailure(ReplyNotLinked.class).recoverWithUni(() -> Panache.withTransaction(() -> postResult(event)))
                .chain(changed -> changed.map(this::announce).orElse(Uni.createFrom().voidItem()));
    }

    /** The unique task id keeps this to one reply per job, even if the placeholder got linked meanwhile. */
    private Uni<Optional<ChatMessage>> postResult(JobEvent event) {
        return messages.findByTaskForUpdate(event.jobId()).chain(linked -> {
            if (linked != null) {
                return Uni.createFrom().item(linked.apply(event) ? Optional.of(linked) : Optional.<ChatMessage>empty());
            }
            return threads.findOwned(event.userId(), event.threadId()).chain(thread -> {
                if (thread == null) {
                    return Uni.createFrom().item(Optional.<ChatMessage>empty()); // deleted meanwhile
                }
                thread.updatedAt = Instant.now();
                return messages.persist(ChatMessage.result(thread.userId, thread.id, event)).map(Optional::of);
            });
        });
    }

    private Uni<List<ChatMessage>> submit(List<ChatMessage> posted, Command.Image image, String bearerToken) {
        ChatMessage reply = posted.get(1);
        GenerationRequest request = GenerationRequest.of(image.prompt(), image.options(), reply.threadId);
        return generation.submit(bearerToken, request).chain(submission -> {
            if (submission instanceof Submission.Accepted accepted) {
                return Panache.withTransaction(() -> link(reply.id, accepted.taskId()))
                        .map(linked -> List.of(posted.get(0), linked));
            }
            Submission.Refused refused = (Submission.Refused) submission;
            return Panache.withTransaction(() -> placeholder(reply.id)
                            .invoke(message -> message.fail(refused.code(), refused.reason())))
                    .call(this::announce)
                    .map(failed -> List.of(posted.get(0), failed));
        });
    }

    /**
     * Gives the reply its task id, so the job's events find it. If the result has already been posted as a
     * reply of its own (see {@link #apply}), that one stands and the placeholder goes.
     */
    private Uni<ChatMessage> link(UUID replyId, UUID taskId) {
        return messages.findByTaskForUpdate(taskId).chain(existing -> placeholder(replyId).chain(reply -> {
            if (existing != null) {
                Log.infof("Task %s was already answered in thread %s", taskId, reply.threadId);
                return messages.delete(reply).replaceWith(existing);
            }
            reply.linkTask(taskId);
            return Uni.createFrom().item(reply);
        }));
    }

    /** The reply posted before asking generation-service; gone only if the thread was deleted meanwhile. */
    private Uni<ChatMessage> placeholder(UUID replyId) {
        return messages.findById(replyId).onItem().ifNull().failWith(() -> ProblemException.notFound("Thread"));
    }

    private static Optional<ChatMessage> reply(ChatThread thread, Command command) {
        if (command instanceof Command.Image image) {
            Integer n = image.options().n();
            return Optional.of(ChatMessage.generating(thread, image.prompt(), n == null ? 1 : n));
        }
        if (command instanceof Command.Invalid invalid) {
            return Optional.of(ChatMessage.assistant(thread, invalid.reply()));
        }
        if (command instanceof Command.Help) {
            return Optional.of(ChatMessage.assistant(thread, CommandParser.HELP));
        }
        return Optional.empty();
    }

    /** Marks the thread active, and names it after its first message if it has no title yet. */
    private static void touch(ChatThread thread, String text) {
        thread.updatedAt = Instant.now();
        if (thread.title == null) {
            String title = text.strip();
            if (title.codePointCount(0, title.length()) > TITLE_LENGTH) {
                title = title.substring(0, title.offsetByCodePoints(0, TITLE_LENGTH - 1)) + "…";
            }
            thread.title = title;
        }
    }

    private Uni<Void> announce(List<ChatMessage> posted) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ChatMessage message : posted) {
            chain = chain.chain(() -> announce(message));
        }
        return chain;
    }

    /** Live updates are best effort: the thread in the database is the record a client re-reads. */
    private Uni<Void> announce(ChatMessage message) {
        return live.message(message.userId, message.threadId, MessageView.of(message))
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Could not announce message %s: %s", message.id, e.getMessage());
                    return null;
                });
    }

    private Uni<ChatThread> owned(UUID userId, UUID threadId) {
        return threads.findOwned(userId, threadId).onItem().ifNull().failWith(() -> ProblemException.notFound("Thread"));
    }

    /** A job's result arrived before the reply that asked for it knew its task id. */
    private static final class ReplyNotLinked extends RuntimeException {
        ReplyNotLinked() {
            super("no reply follows this task yet", null, false, false);
        }
    }
}
