package org.joulebench.ci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An energy budget for a JUnit 5 test method: each call of the method is measured by a Joulebench meter,
 * and the test fails when one call used more than {@link #joulesPerCall()}, with the measured figure, the
 * budget, the meter and its method (COUNTER, POWER_INTEGRATION or ESTIMATE) in the message. Where the meter
 * cannot work here, the test is aborted (reported as skipped) with the meter's reason and fix, never passed on
 * a made-up zero.
 *
 * <pre>{@code
 * @Test
 * @EnergyBudget(joulesPerCall = 2.0)
 * void embedsABatch() { ... }
 * }</pre>
 *
 * <p>The figure is <b>gross</b>: everything the meter's boundary used while the method ran (for RAPL the whole
 * CPU package and DRAM, other processes included), with no idle baseline subtracted, so give a budget headroom
 * and run such tests on a quiet machine. Only the method body is measured, not {@code @BeforeEach} or
 * {@code @AfterEach}; each invocation of a {@code @RepeatedTest} or {@code @ParameterizedTest} is measured and
 * judged on its own. The measured figure is also published as a report entry, {@code joulebench.energy}.
 *
 * <p>JUnit configuration parameters (in {@code junit-platform.properties}, or as {@code -D} system properties)
 * point the meters elsewhere, for containers and tests: {@code joulebench.energy.meter} (replaces
 * {@code auto}), {@code joulebench.energy.powercap-root}, {@code joulebench.energy.msr-root} and
 * {@code joulebench.energy.nvml-lib}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(EnergyBudgetExtension.class)
public @interface EnergyBudget {

    /** The most energy one call may use, in joules (gross, see above); must be positive. */
    double joulesPerCall();

    /**
     * The meter: {@code auto} (the best available CPU meter: rapl, then msr, then estimate) or a meter id as
     * {@code joulebench meters} lists them ({@code rapl}, {@code msr}, {@code nvml}, {@code estimate}).
     */
    String meter() default "auto";
}
