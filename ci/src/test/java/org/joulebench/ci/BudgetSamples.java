package org.joulebench.ci;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Test classes for {@link EnergyBudgetTest} to run through the JUnit engine; not run by the build on their own
 * (Surefire leaves nested classes out). Each spends made-up joules on the fake RAPL counter of {@link FakeRapl}.
 */
final class BudgetSamples {

    private BudgetSamples() {
    }

    static class WithinBudget {
        @Test
        @EnergyBudget(joulesPerCall = 0.5)
        void spendsAQuarterJoule() {
            FakeRapl.spend(0.25);
        }
    }

    static class OverBudget {
        @Test
        @EnergyBudget(joulesPerCall = 0.5, meter = "rapl")
        void spendsThreeQuartersOfAJoule() {
            FakeRapl.spend(0.75);
        }
    }

    static class Repeated {
        private static int call;

        /** The second of three calls goes over. */
        @RepeatedTest(3)
        @EnergyBudget(joulesPerCall = 0.5)
        void spendsMoreOnTheSecondCall() {
            call++;
            FakeRapl.spend(call == 2 ? 0.75 : 0.25);
        }
    }

    static class RaplWanted {
        static boolean ran;

        @Test
        @EnergyBudget(joulesPerCall = 0.5, meter = "rapl")
        void needsRapl() {
            ran = true;
        }
    }

    static class FailsItself {
        @Test
        @EnergyBudget(joulesPerCall = 0.5)
        void throwsItsOwnFailure() {
            FakeRapl.spend(0.75);
            throw new IllegalStateException("fixture failure of the test itself");
        }
    }

    static class BadBudget {
        @Test
        @EnergyBudget(joulesPerCall = 0)
        void hasNoBudget() {
        }
    }

    /** A team's own annotation that carries a budget. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
    @Test
    @EnergyBudget(joulesPerCall = 0.5)
    @interface HalfJouleTest {
    }

    static class MetaAnnotated {
        @HalfJouleTest
        void spendsThreeQuartersOfAJoule() {
            FakeRapl.spend(0.75);
        }
    }
}
