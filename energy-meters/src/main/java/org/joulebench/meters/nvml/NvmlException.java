package org.joulebench.meters.nvml;

/**
 * An NVML call that did not return {@code NVML_SUCCESS}, or a function the loaded driver does
 * not export. The message names the function and the code's symbol and meaning from
 * {@link NvmlReturn}, followed by the driver's own {@code nvmlErrorString} when there is one.
 */
final class NvmlException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final int code;
    private final boolean missingFunction;

    /** {@code driverText} is {@code nvmlErrorString(code)}, or null when it could not be had. */
    NvmlException(String function, int code, String driverText) {
        super(function + " failed: " + NvmlReturn.describe(code)
                + (driverText == null || driverText.isBlank() ? "" : ": \"" + driverText.strip() + "\""));
        this.function = function;
        this.code = code;
        this.missingFunction = false;
    }

    private NvmlException(String function) {
        super(function + " not in this driver");
        this.function = function;
        this.code = NvmlReturn.FUNCTION_NOT_FOUND.code();
        this.missingFunction = true;
    }

    /** The loaded library does not export {@code function} (an older driver). */
    static NvmlException missingFunction(String function) {
        return new NvmlException(function);
    }

    String function() {
        return function;
    }

    int code() {
        return code;
    }

    boolean is(NvmlReturn r) {
        return code == r.code();
    }

    /** The function is absent from the library, or NVML itself says it does not implement it. */
    boolean isMissingFunction() {
        return missingFunction || is(NvmlReturn.FUNCTION_NOT_FOUND);
    }

    /** The code's symbol, or {@code not in this driver} for a missing function. */
    String shortReason() {
        return missingFunction ? "not in this driver" : NvmlReturn.symbolOf(code);
    }
}
