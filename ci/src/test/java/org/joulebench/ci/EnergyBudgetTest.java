package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Runs the sample classes of {@link BudgetSamples} through the Jupiter engine against a fake RAPL tree. */
class EnergyBudgetTest {

    @TempDir
    Path tmp;

    private Events run(Class<?> sample, Path powercapRoot) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(EnergyBudgetExtension.PREFIX + "powercap-root", powercapRoot.toString())
                // no MSR device or NVML library either, so that a host with them gives the same answers
                .configurationParameter(EnergyBudgetExtension.PREFIX + "msr-root", tmp.resolve("no-msr").toString())
                .configurationParameter(EnergyBudgetExtension.PREFIX + "nvml-lib", tmp.resolve("no-nvml/libnvidia-ml.so.1").toString())
                .selectors(selectClass(sample))
                .execute()
                .testEvents();
    }

    private static Throwable thrown(Event finished) {
        return finished.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private static List<String> reports(Events events) {
        return events.reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()
                        .get(EnergyBudgetExtension.REPORT_KEY))
                .toList();
    }

    @Test
    void aMeterOptionOutOfRangeIsAConfigurationErrorNamingIt() throws Exception {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(EnergyBudgetExtension.PREFIX + "powercap-root", FakeRapl.create(tmp).toString())
                .configurationParameter(EnergyBudgetExtension.PREFIX + "sample-hz", "0")
                .selectors(selectClass(BudgetSamples.WithinBudget.class))
                .execute()
                .testEvents();
        events.assertStatistics(s -> s.started(1).failed(1));
        Throwable t = thrown(events.failed().list().get(0));
        assertTrue(t.getMessage().contains("joulebench.energy.sample-hz must be >= 0.1, was 0"), t.getMessage());
    }

    @Test
    void aCallWithinBudgetPassesAndPublishesItsFigure() throws Exception {
        Events events = run(BudgetSamples.WithinBudget.class, FakeRapl.create(tmp));
        events.assertStatistics(s -> s.started(1).succeeded(1).failed(0).aborted(0));
        List<String> reports = reports(events);
        assertEquals(1, reports.size());
        assertTrue(reports.get(0).startsWith("0.25 J per call (COUNTER, meter rapl: "), reports.get(0));
    }

    @Test
    void aCallOverBudgetFailsWithTheFigureItsMethodAndTheMeter() throws Exception {
        Events events = run(BudgetSamples.OverBudget.class, FakeRapl.create(tmp));
        events.assertStatistics(s -> s.started(1).succeeded(0).failed(1));
        Throwable t = thrown(events.failed().list().get(0));
        assertInstanceOf(AssertionFailedError.class, t);
        assertTrue(t.getMessage().startsWith("energy budget exceeded by OverBudget.spendsThreeQuartersOfAJoule(): "
                + "measured 0.75 J per call (COUNTER, meter rapl: "), t.getMessage());
        assertTrue(t.getMessage().endsWith("budget 0.5 J per call (gross: idle not subtracted)"), t.getMessage());
    }

    @Test
    void eachRepetitionIsJudgedOnItsOwn() throws Exception {
        Events events = run(BudgetSamples.Repeated.class, FakeRapl.create(tmp));
        events.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        assertTrue(events.failed().list().get(0).getTestDescriptor().getDisplayName().contains("2"),
                "the second repetition failed");
    }

    @Test
    void aTeamsOwnAnnotationCarriesTheBudget() throws Exception {
        run(BudgetSamples.MetaAnnotated.class, FakeRapl.create(tmp))
                .assertStatistics(s -> s.started(1).failed(1));
    }

    @Test
    void noMeterMeansSkippedWithTheReasonAndTheFix() throws Exception {
        BudgetSamples.RaplWanted.ran = false;
        Path empty = Files.createDirectories(tmp.resolve("empty-powercap"));
        Events events = run(BudgetSamples.RaplWanted.class, empty);
        events.assertStatistics(s -> s.started(1).aborted(1).failed(0).succeeded(0));
        Throwable t = thrown(events.aborted().list().get(0));
        assertInstanceOf(TestAbortedException.class, t);
        assertTrue(t.getMessage().startsWith("@EnergyBudget on RaplWanted.needsRapl() not checked: meter 'rapl' "
                + "cannot measure here: "), t.getMessage());
        assertTrue(t.getMessage().contains(" — "), "carries the meter's fix: " + t.getMessage());
        assertFalse(BudgetSamples.RaplWanted.ran, "the method does not run unmeasured");
    }

    @Test
    void theTestsOwnFailureComesFirst() throws Exception {
        Events events = run(BudgetSamples.FailsItself.class, FakeRapl.create(tmp));
        events.assertStatistics(s -> s.failed(1));
        assertEquals("fixture failure of the test itself", thrown(events.failed().list().get(0)).getMessage());
    }

    @Test
    void aBudgetThatIsNotPositiveIsAnError() throws Exception {
        Events events = run(BudgetSamples.BadBudget.class, FakeRapl.create(tmp));
        events.assertStatistics(s -> s.failed(1));
        assertTrue(thrown(events.failed().list().get(0)).getMessage()
                .contains("needs a positive, finite joulesPerCall, was 0.0"));
    }

    @Test
    void figuresAreWrittenWithoutLocale() {
        assertEquals("0.0001235", EnergyBudgetExtension.joules(0.00012345));
        assertEquals("1235", EnergyBudgetExtension.joules(1234.5));
    }
}
