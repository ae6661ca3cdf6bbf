package org.joulebench.runners;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The execution devices a run may name: {@code cpu}, {@code cuda} (GPU 0) and {@code cuda:N}. */
public final class Devices {

    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d{1,4}))?");

    private Devices() {
    }

    /**
     * {@code device} checked, or the reason it is not a device.
     *
     * @throws IllegalArgumentException with a one-line message naming the value and the accepted forms
     */
    public static String check(String device) {
        if (device.equals("cpu") || CUDA.matcher(device).matches()) {
            return device;
        }
        throw new IllegalArgumentException("device '" + device + "' is not one Joulebench knows; use cpu, cuda or"
                + " cuda:N (N the GPU's index, as nvidia-smi numbers them)");
    }

    /** Whether {@code device} is a CUDA GPU. */
    public static boolean isCuda(String device) {
        return CUDA.matcher(device).matches();
    }

    /** The GPU index of a {@code cuda} device: 0 for plain {@code cuda}. */
    public static int cudaIndex(String device) {
        Matcher m = CUDA.matcher(check(device));
        if (!m.matches()) {
            throw new IllegalArgumentException("device '" + device + "' is not a CUDA device");
        }
        return m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    }
}
