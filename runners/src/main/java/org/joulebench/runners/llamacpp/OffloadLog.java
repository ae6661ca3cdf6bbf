package org.joulebench.runners.llamacpp;

import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.kherud.llama.LogLevel;

/**
 * llama.cpp's log while a model loads, passed on to stderr (where the parent keeps its tail), with the layers it
 * offloaded to a GPU taken from its line {@code load_tensors: offloaded X/Y layers to GPU}. The binding exposes no
 * {@code llama_supports_gpu_offload}; this line is how llama.cpp itself reports where the layers went.
 */
final class OffloadLog implements BiConsumer<LogLevel, String> {

    private static final Pattern OFFLOADED = Pattern.compile("offloaded (\\d+)/(\\d+) layers to GPU");

    private final StringBuilder pending = new StringBuilder();
    private int offloaded = -1;
    private int layers = -1;

    @Override
    public synchronized void accept(LogLevel level, String text) {
        if (level != LogLevel.DEBUG) {
            System.err.print(text);
        }
        pending.append(text);
        int end;
        while ((end = pending.indexOf("\n")) >= 0) {
            read(pending.substring(0, end));
            pending.delete(0, end + 1);
        }
        if (pending.length() > 4096) {
            read(pending.toString());
            pending.setLength(0);
        }
    }

    void read(String line) {
        Matcher m = OFFLOADED.matcher(line);
        if (m.find()) {
            offloaded = Integer.parseInt(m.group(1));
            layers = Integer.parseInt(m.group(2));
        }
    }

    /** Layers offloaded, or -1 where no such line came. */
    synchronized int offloaded() {
        read(pending.toString());
        return offloaded;
    }

    synchronized int layers() {
        return layers;
    }
}
