package org.joulebench.harness;

/**
 * A fixed piece of work the drift canary times. Every unit is the same work, so time and energy per unit are
 * properties of the machine (its speed, its load, its memory bandwidth), not of Joulebench's code.
 */
interface CanaryKernel {

    /**
     * The kernel's name and version, e.g. {@code cpu-lcg@1}. A change to the work a unit does must change it:
     * figures per unit of two different kernels are not comparable.
     */
    String id();

    /** What one unit of work is, in words, for the record. */
    String unit();

    /** The threads the work is spread over. */
    int threads();

    /**
     * Does {@code units} units of work and returns a checksum of it, which the caller keeps so that the
     * compiler cannot drop the work.
     */
    long run(long units);
}
