package org.joulebench.meters.msr;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens MSR devices. The seam through which every device access goes, so that tests can fail an
 * open or a read the way the kernel does (an {@code AccessDeniedException} without root, an
 * {@code IOException} for a register the CPU does not have).
 */
@FunctionalInterface
interface MsrAccess {

    Device open(Path device) throws IOException;

    static MsrAccess system() {
        return ChannelMsrAccess.INSTANCE;
    }

    /** One open {@code /dev/cpu/N/msr}: the file offset selects the register. */
    interface Device extends Closeable {

        /**
         * The 64-bit register at {@code address}: 8 bytes, little-endian, read at that offset.
         * Fails with {@link EOFException} when fewer than 8 bytes come back.
         */
        long read(long address) throws IOException;
    }
}

enum ChannelMsrAccess implements MsrAccess {
    INSTANCE;

    @Override
    public Device open(Path device) throws IOException {
        return new ChannelDevice(FileChannel.open(device, StandardOpenOption.READ));
    }
}

/** Positional reads ({@code pread}) on one channel; safe for concurrent windows. */
final class ChannelDevice implements MsrAccess.Device {

    private final FileChannel channel;

    ChannelDevice(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public long read(long address) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, address + buffer.position());
            if (n <= 0) {
                throw new EOFException("short read at " + Register.hex(address) + ": " + buffer.position()
                        + " of 8 bytes");
            }
        }
        return buffer.flip().getLong();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
