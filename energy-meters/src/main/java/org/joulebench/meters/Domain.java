package org.joulebench.meters;

/** What part of the machine an energy figure covers. */
public enum Domain {
    /** A CPU socket's package (cores, caches, uncore). */
    CPU_PACKAGE,
    /** The CPU cores only (RAPL PP0 / AMD core). */
    CPU_CORE,
    /** The uncore / integrated graphics (RAPL PP1). */
    CPU_UNCORE,
    /** Memory attached to a socket. */
    DRAM,
    /** The whole platform as RAPL sees it (PSys): contains package and more. */
    PSYS,
    /** A GPU board. */
    GPU
}
