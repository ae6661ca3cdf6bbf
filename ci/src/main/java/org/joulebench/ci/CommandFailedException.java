package org.joulebench.ci;

/** A command of an A/B comparison exited with a non-zero status: no figure may be computed from that run. */
public final class CommandFailedException extends Exception {

    private final transient String detail;

    /**
     * @param what   which command, in words ("round 3, B: 'make bench'" or "--prepare 'sync'")
     * @param status its exit status
     * @param stderr the end of what it wrote on stderr, or empty
     */
    public CommandFailedException(String what, int status, String stderr) {
        super(what + " exited with status " + status + (stderr.isBlank() ? "" : "; its stderr ended: "
                + stderr.strip().replace('\n', ' ')));
        this.detail = stderr;
    }

    /** The end of the command's stderr, as it wrote it. */
    public String stderr() {
        return detail;
    }
}
