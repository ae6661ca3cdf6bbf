package org.joulebench.runners.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs the making of ONNX Runtime's environment on a thread whose stack fits this process's command line.
 *
 * <p>ONNX Runtime 1.29 on Linux logs a telemetry event when its environment is made, and reads
 * {@code /proc/self/cmdline} for it with a recursion that takes about 270 bytes of stack per byte of the command
 * line (measured here: a 1 MB stack, the JVM's default for a Java thread, overflowed with a 4 kB command line;
 * 16 MB held 60 kB and overflowed with 120 kB). A command line that long is common: a JVM started with its class path spelled out, such as
 * {@code run --forks}'s forks in the container image (whose class path, every jar of {@code /app/libs}, is about
 * 4.2 kB), an IDE's or a test's child JVM. The overflow happens in native code, past the JVM's guard pages, so the JVM cannot even
 * write its crash log: the process dies of SIGSEGV, exit status 139, with no {@code hs_err} file and no message.
 * {@code ORT_DISABLE_TELEMETRY=1} (which {@code joulebench} sets) skips that code altogether; this thread makes the
 * environment safe without it.
 */
final class EnvironmentThread {

    /** The stack of a thread for a command line of 0 bytes. */
    static final long BASE_STACK_BYTES = 16L << 20;
    /** Stack per byte of the command line: about four times what ONNX Runtime 1.29 was seen to use. */
    static final long STACK_BYTES_PER_BYTE = 1024;

    private static final Path COMMAND_LINE = Path.of("/proc/self/cmdline");

    private EnvironmentThread() {
    }

    /** The stack for a command line of {@code commandLineBytes}. */
    static long stackBytes(long commandLineBytes) {
        return BASE_STACK_BYTES + STACK_BYTES_PER_BYTE * Math.max(0, commandLineBytes);
    }

    /** The length of the command line in {@code cmdline} (a {@code /proc/PID/cmdline}); 0 where it cannot be read. */
    static long commandLineBytes(Path cmdline) {
        // procfs reports a size of 0: the file has to be read to be measured.
        try (InputStream in = Files.newInputStream(cmdline)) {
            long n = 0;
            byte[] buffer = new byte[8192];
            for (int r; (r = in.read(buffer)) > 0; ) {
                n += r;
            }
            return n;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return 0; // not Linux: ONNX Runtime does not read it there either
        }
    }

    /** {@link #call(String, long, Callable)} with a stack for this process's command line. */
    static <T> T call(String name, Callable<T> task) throws Exception {
        return call(name, stackBytes(commandLineBytes(COMMAND_LINE)), task);
    }

    /**
     * Runs {@code task} on a new thread of {@code stackBytes} and waits for it, uninterruptibly (it is short);
     * what it throws is thrown here. Where no such thread can be made (a memory limit on reserved stacks), the task
     * runs on the calling thread.
     */
    static <T> T call(String name, long stackBytes, Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(null, future, name, stackBytes);
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            future.run();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception x) {
                        throw x;
                    }
                    if (cause instanceof Error x) {
                        throw x;
                    }
                    throw e;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
