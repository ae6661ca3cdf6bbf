package org.joulebench.cli;

import java.util.Optional;

import org.joulebench.ci.MachineChange;
import org.joulebench.harness.CanaryDrift;
import org.joulebench.harness.InputException;

/** `compare`'s use of the drift canary: refuses two runs on a machine that changed, unless told to go on. */
final class CanaryCheck {

    private CanaryCheck() {
    }

    /**
     * The kernel that shows the machine changed by more than {@code allowance}, when the caller allowed that;
     * empty when the machine stayed within it or drift could not be checked.
     *
     * @throws InputException when the machine changed and {@code allowMachineChange} is false, with the canary's
     *                        figures and what to do instead
     */
    static Optional<CanaryDrift.KernelRatio> check(CanaryDrift drift, double allowance, boolean allowMachineChange)
            throws InputException {
        if (!(drift instanceof CanaryDrift.Measured measured)) {
            return Optional.empty();
        }
        Optional<CanaryDrift.KernelRatio> changed = MachineChange.beyond(measured, allowance);
        if (changed.isPresent() && !allowMachineChange) {
            throw new InputException("the runs are not comparable: the machine changed between them: "
                    + MachineChange.summary(drift, allowance) + "; a difference between the runs would be the "
                    + "machine's as much as the code's",
                    "compare both sides on one machine state with `joulebench ab` or a within-run A/B "
                            + "(`joulebench run --models X,Y`), or pass --allow-machine-change to see the rows as "
                            + "inconclusive");
        }
        return changed;
    }
}
