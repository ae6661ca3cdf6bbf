package org.joulebench.ci;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterOptions;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Measures each call of a method annotated {@link EnergyBudget} and fails the test over budget. The meter is
 * opened for each call and closed after it, so a test never holds one longer than it runs.
 */
final class EnergyBudgetExtension implements InvocationInterceptor {

    /** The configuration parameters' prefix: {@code joulebench.energy.} + a {@link MeterOptions} name. */
    static final String PREFIX = "joulebench.energy.";
    static final String METER = PREFIX + MeterOptions.Option.METER.key();
    static final String REPORT_KEY = "joulebench.energy";

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        measure(invocation, call, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        measure(invocation, call, context);
    }

    private void measure(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                         ExtensionContext context) throws Throwable {
        Method method = call.getExecutable();
        Optional<EnergyBudget> found = AnnotationSupport.findAnnotation(method, EnergyBudget.class);
        if (found.isEmpty()) {
            invocation.proceed();
            return;
        }
        EnergyBudget budget = found.get();
        if (!(budget.joulesPerCall() > 0) || Double.isInfinite(budget.joulesPerCall())) {
            throw new ExtensionConfigurationException("@EnergyBudget on " + name(method)
                    + " needs a positive, finite joulesPerCall, was " + budget.joulesPerCall());
        }
        MeterOptions options = options(context);
        String choice = Meters.AUTO.equals(budget.meter()) ? options.meter() : budget.meter();
        Measurement m;
        String meterId;
        String boundary;
        try (Meter meter = open(choice, options.config(), method)) {
            meterId = meter.id();
            boundary = meter.boundary();
            Window window = meter.begin(name(method));
            invocation.proceed();
            m = window.end();
        }
        double joules = m.total().joules();
        String figure = joules(joules) + " J per call (" + m.method() + ", meter " + meterId + ": " + boundary + ")"
                + (m.shorterThanUpdatePeriod() ? "; the call was shorter than the meter's update period, so the "
                        + "figure is coarse" : "");
        context.publishReportEntry(REPORT_KEY, figure);
        if (joules > budget.joulesPerCall()) {
            Assertions.fail("energy budget exceeded by " + name(method) + ": measured " + figure + ", budget "
                    + joules(budget.joulesPerCall()) + " J per call (gross: idle not subtracted)");
        }
    }

    private static Meter open(String choice, MeterConfig config, Method method) {
        try {
            return Meters.open(choice, config);
        } catch (MeterUnavailableException e) {
            return Assumptions.abort("@EnergyBudget on " + name(method) + " not checked: meter '" + choice
                    + "' cannot measure here: " + e.getMessage() + " — " + e.fix());
        }
    }

    /** Every {@link MeterOptions} option from the configuration parameter {@value #PREFIX} + its name. */
    static MeterOptions options(ExtensionContext context) {
        Map<String, String> values = new LinkedHashMap<>();
        for (MeterOptions.Option o : MeterOptions.Option.values()) {
            values.put(o.key(), context.getConfigurationParameter(PREFIX + o.key()).orElse(null));
        }
        try {
            return MeterOptions.parse(values, MeterConfig.system(), PREFIX);
        } catch (MeterOptions.OptionException e) {
            throw new ExtensionConfigurationException(e.getMessage() + " — " + e.fix());
        }
    }

    private static String name(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
    }

    /** Four significant digits, locale-free. */
    static String joules(double j) {
        return BigDecimal.valueOf(j).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
