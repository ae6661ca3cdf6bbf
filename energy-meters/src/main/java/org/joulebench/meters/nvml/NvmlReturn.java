package org.joulebench.meters.nvml;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table of NVML's {@code nvmlReturn_t} codes (values as in {@code nvml.h}): the symbolic
 * name, what it means, and where there is one, what a user can do. Every NVML call's code goes
 * through {@link #describe} on its way into an {@link NvmlException}.
 */
enum NvmlReturn {
    SUCCESS(0, "the operation was successful", null),
    UNINITIALIZED(1, "NVML was not initialized with nvmlInit", null),
    INVALID_ARGUMENT(2, "a supplied argument is invalid", null),
    NOT_SUPPORTED(3, "the device does not support the requested feature", null),
    NO_PERMISSION(4, "the current user may not perform this operation",
            "run as a user that may open /dev/nvidia* (often the video group), or as root"),
    ALREADY_INITIALIZED(5, "NVML was already initialized (deprecated code)", null),
    NOT_FOUND(6, "a query to find an object was unsuccessful", null),
    INSUFFICIENT_SIZE(7, "an input buffer is not large enough", null),
    INSUFFICIENT_POWER(8, "a device's external power cables are not properly attached",
            "seat the GPU's auxiliary power cables"),
    DRIVER_NOT_LOADED(9, "the NVIDIA kernel driver is not loaded",
            "load the NVIDIA kernel driver (`nvidia-smi` must work); in containers use the NVIDIA container"
                    + " toolkit (--gpus)"),
    TIMEOUT(10, "the user-provided timeout passed", null),
    IRQ_ISSUE(11, "the NVIDIA kernel driver detected an interrupt issue with a GPU",
            "check `dmesg | grep NVRM` and the GPU's seating"),
    LIBRARY_NOT_FOUND(12, "the NVML shared library could not be found or loaded", null),
    FUNCTION_NOT_FOUND(13, "this version of NVML does not implement the function",
            "update the NVIDIA driver"),
    CORRUPTED_INFOROM(14, "the GPU's infoROM is corrupted", null),
    GPU_IS_LOST(15, "the GPU has fallen off the bus or otherwise become inaccessible",
            "check `dmesg` for Xid errors; the GPU needs a reset or the host a reboot"),
    RESET_REQUIRED(16, "the GPU requires a reset before it can be used again",
            "reset the GPU (`nvidia-smi -r`) or reboot"),
    OPERATING_SYSTEM(17, "the operating system or cgroups blocked the GPU's control device",
            "allow this process to open /dev/nvidia* (in containers: the device cgroup, or --gpus)"),
    LIB_RM_VERSION_MISMATCH(18, "the NVML library does not match the loaded kernel driver",
            "the driver was upgraded without reloading it: reboot, or unload and reload the nvidia kernel modules"),
    IN_USE(19, "the GPU is in use and the operation cannot be performed", null),
    MEMORY(20, "NVML ran out of memory", null),
    NO_DATA(21, "no data", null),
    VGPU_ECC_NOT_SUPPORTED(22, "the vGPU operation is not available while ECC is enabled", null),
    INSUFFICIENT_RESOURCES(23, "ran out of critical resources other than memory", null),
    FREQ_NOT_SUPPORTED(24, "the requested frequency is not supported", null),
    ARGUMENT_VERSION_MISMATCH(25, "the provided structure version is invalid or unsupported", null),
    DEPRECATED(26, "the requested functionality has been deprecated", null),
    NOT_READY(27, "the system is not ready for the request", null),
    GPU_NOT_FOUND(28, "no GPU was found", null),
    INVALID_STATE(29, "the resource is in an invalid state for the operation", null),
    UNKNOWN(999, "an internal driver error occurred", "check `dmesg` and the NVIDIA driver installation");

    private static final Map<Integer, NvmlReturn> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(r -> r.code, Function.identity()));

    private final int code;
    private final String meaning;
    private final String fix;

    NvmlReturn(int code, String meaning, String fix) {
        this.code = code;
        this.meaning = meaning;
        this.fix = fix;
    }

    int code() {
        return code;
    }

    String meaning() {
        return meaning;
    }

    /** The name {@code nvml.h} gives the code: {@code NVML_SUCCESS}, {@code NVML_ERROR_NOT_SUPPORTED}, … */
    String symbol() {
        return this == SUCCESS ? "NVML_SUCCESS" : "NVML_ERROR_" + name();
    }

    static Optional<NvmlReturn> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The symbol of a code, or {@code nvmlReturn_t 42} for a code this table does not know. */
    static String symbolOf(int code) {
        return of(code).map(NvmlReturn::symbol).orElse("nvmlReturn_t " + code);
    }

    /** The symbol and meaning, e.g. {@code NVML_ERROR_NOT_SUPPORTED (the device does not support …)}. */
    static String describe(int code) {
        return of(code).map(r -> r.symbol() + " (" + r.meaning + ")")
                .orElse("nvmlReturn_t " + code + " (a code this version of Joulebench does not know;"
                        + " a newer driver?)");
    }

    /** What to do about the code, or {@code otherwise} when the table has no advice. */
    static String fixFor(int code, String otherwise) {
        NvmlReturn r = BY_CODE.get(code);
        return r != null && r.fix != null ? r.fix : otherwise;
    }
}
