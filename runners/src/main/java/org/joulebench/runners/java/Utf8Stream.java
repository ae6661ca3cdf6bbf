package org.joulebench.runners.java;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns token bytes into text as they come, holding back the start of a UTF-8 sequence that the next token may
 * finish; malformed bytes become U+FFFD.
 */
final class Utf8Stream {

    private byte[] pending = new byte[0];

    /** The text that {@code bytes} completes (possibly empty). */
    String add(byte[] bytes) {
        byte[] all = Arrays.copyOf(pending, pending.length + bytes.length);
        System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        int cut = all.length - incompleteTail(all);
        pending = Arrays.copyOfRange(all, cut, all.length);
        return new String(all, 0, cut, StandardCharsets.UTF_8);
    }

    /** Whatever is held back, as text. */
    String flush() {
        String rest = new String(pending, StandardCharsets.UTF_8);
        pending = new byte[0];
        return rest;
    }

    /** Length of a sequence at the end of {@code b} that is started but not finished; 0 if none. */
    static int incompleteTail(byte[] b) {
        for (int back = 1; back <= Math.min(4, b.length); back++) {
            int v = b[b.length - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue;
            }
            int need = v >= 0xF0 && v <= 0xF7 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
            if (v >= 0xF8) {
                need = 1;
            }
            return need > back ? back : 0;
        }
        return 0;
    }
}
