package dev.imagegen.worker.provider;

import jakarta.enterprise.context.ApplicationScoped;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws an image locally from the prompt alone: a gradient and shapes seeded by a hash of the prompt and the
 * image's number, so the same prompt always gives the same pixels and each image of a job differs, and a banner
 * that says plainly it is an offline render, numbered when the job makes several. A transparent background
 * leaves everything outside a rounded card clear (real alpha, clear corners). Blocking CPU work: call it off
 * the event loop.
 */
@ApplicationScoped
public class OfflineRenderer {

    static final String LABEL = "OFFLINE RENDER";
    private static final int MAX_PROMPT_LINES = 6;

    static {
        // No display on servers; Java2D must never try to open one.
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * @param index       which image of the job, from 0
     * @param count       how many images the job makes
     * @param transparent whether to leave the background clear
     */
    public BufferedImage render(String prompt, ImageSize size, int index, int count, boolean transparent) {
        String text = prompt == null ? "" : prompt.strip();
        Random random = new Random(seed(text) + index);
        int w = size.width();
        int h = size.height();
        BufferedImage image = new BufferedImage(w, h,
                transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            // A transparent image's subject sits on a card; whatever lies outside it stays fully transparent.
            int inset = transparent ? Math.min(w, h) / 16 : 0;
            if (transparent) {
                g.clip(new RoundRectangle2D.Float(inset, inset, w - 2f * inset, h - 2f * inset, inset * 4f,
                        inset * 4f));
            }
            background(g, random, w, h);
            shapes(g, random, w, h);
            // The banner stays inside the card, clear of its rounded corners.
            banner(g, count > 1 ? LABEL + " " + (index + 1) + "/" + count : LABEL, text, inset * 2, w - inset * 2,
                    h - inset);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void background(Graphics2D g, Random random, int w, int h) {
        float hue = random.nextFloat();
        Color from = Color.getHSBColor(hue, 0.55f + random.nextFloat() * 0.3f, 0.75f + random.nextFloat() * 0.2f);
        Color to = Color.getHSBColor(hue + 0.25f + random.nextFloat() * 0.25f, 0.6f + random.nextFloat() * 0.3f,
                0.35f + random.nextFloat() * 0.3f);
        g.setPaint(new GradientPaint(0, 0, from, w, h, to));
        g.fillRect(0, 0, w, h);
    }

    private static void shapes(Graphics2D g, Random random, int w, int h) {
        int unit = Math.min(w, h);
        int count = 10 + random.nextInt(15);
        for (int i = 0; i < count; i++) {
            Color color = Color.getHSBColor(random.nextFloat(), 0.4f + random.nextFloat() * 0.6f,
                    0.5f + random.nextFloat() * 0.5f);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.2f + random.nextFloat() * 0.45f));
            g.setColor(color);
            int sw = unit / 12 + random.nextInt(unit / 3);
            int sh = unit / 12 + random.nextInt(unit / 3);
            int x = random.nextInt(w) - sw / 2;
            int y = random.nextInt(h) - sh / 2;
            switch (random.nextInt(4)) {
                case 0 -> g.fillOval(x, y, sw, sw);
                case 1 -> g.fillRoundRect(x, y, sw, sh, sw / 4, sh / 4);
                case 2 -> g.fillPolygon(new int[] { x, x + sw, x + sw / 2 }, new int[] { y + sh, y + sh, y }, 3);
                default -> {
                    g.setStroke(new BasicStroke(Math.max(2, unit / 120f)));
                    g.drawOval(x, y, sw, sh);
                }
            }
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** The label and the prompt at the foot of the area from {@code left} to {@code right}, ending at {@code bottom}. */
    private static void banner(Graphics2D g, String label, String prompt, int left, int right, int bottom) {
        int w = right - left;
        int unit = Math.min(w, bottom);
        int margin = unit / 24;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, unit / 14));
        Font bodyFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, unit / 34));
        FontMetrics title = g.getFontMetrics(titleFont);
        FontMetrics body = g.getFontMetrics(bodyFont);
        List<String> lines = wrap(prompt, body, w - 2 * margin);

        int height = margin + title.getHeight() + margin / 2 + lines.size() * body.getHeight() + margin;
        int top = bottom - height;
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.7f));
        g.setColor(Color.BLACK);
        g.fillRect(0, top, right + left, height);
        g.setComposite(AlphaComposite.SrcOver);

        g.setColor(Color.WHITE);
        g.setFont(titleFont);
        int y = top + margin + title.getAscent();
        g.drawString(label, left + margin, y);
        g.setFont(bodyFont);
        g.setColor(new Color(235, 235, 235));
        y += title.getDescent() + margin / 2;
        for (String line : lines) {
            y += body.getAscent();
            g.drawString(line, left + margin, y);
            y += body.getDescent() + body.getLeading();
        }
    }

    /** Greedy word wrap; words wider than a line are cut, and the last line ends in an ellipsis if cut short. */
    static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (metrics.stringWidth(word) > width && word.length() > 1) {
                int cut = word.length() - 1;
                while (cut > 1 && metrics.stringWidth(word.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() > MAX_PROMPT_LINES) {
            List<String> kept = new ArrayList<>(lines.subList(0, MAX_PROMPT_LINES));
            String last = kept.get(MAX_PROMPT_LINES - 1);
            while (!last.isEmpty() && metrics.stringWidth(last + "…") > width) {
                last = last.substring(0, last.length() - 1);
            }
            kept.set(MAX_PROMPT_LINES - 1, last + "…");
            return kept;
        }
        return lines;
    }

    private static long seed(String prompt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
