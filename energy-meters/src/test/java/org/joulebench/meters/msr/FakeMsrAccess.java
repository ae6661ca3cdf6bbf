package org.joulebench.meters.msr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Opens the fake devices for real and reads register R at {@link FakeMsr#offset}(R) through the
 * system reader; records what it opened and closed; fails opens, one register, or every read on
 * demand, the way the msr driver does.
 */
final class FakeMsrAccess implements MsrAccess {

    final List<Path> opened = new CopyOnWriteArrayList<>();
    final List<Path> closed = new CopyOnWriteArrayList<>();
    private final Map<Long, IOException> failingRegisters = new HashMap<>();
    private volatile Function<Path, IOException> openFailure;
    private volatile boolean readsBroken;

    /** Opens fail with the exception made for the device. */
    FakeMsrAccess failOpens(Function<Path, IOException> failure) {
        this.openFailure = failure;
        return this;
    }

    /** Reads of {@code address} fail as the kernel's EIO for a register the CPU lacks. */
    FakeMsrAccess failRegister(long address) {
        failingRegisters.put(address, new IOException("Input/output error"));
        return this;
    }

    /** From now on every read fails. */
    void breakReads() {
        readsBroken = true;
    }

    @Override
    public Device open(Path path) throws IOException {
        Function<Path, IOException> failure = openFailure;
        if (failure != null) {
            throw failure.apply(path);
        }
        Device real = MsrAccess.system().open(path);
        opened.add(path);
        return new Device() {
            @Override
            public long read(long address) throws IOException {
                if (readsBroken) {
                    throw new IOException("Input/output error");
                }
                IOException fail = failingRegisters.get(address);
                if (fail != null) {
                    throw fail;
                }
                return real.read(FakeMsr.offset(address));
            }

            @Override
            public void close() throws IOException {
                closed.add(path);
                real.close();
            }
        };
    }
}
