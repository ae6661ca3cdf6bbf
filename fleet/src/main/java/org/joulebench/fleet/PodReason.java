package org.joulebench.fleet;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Why a pod is where it is, in kubectl's words: OOMKilled (exit 137), ImagePullBackOff, Unschedulable, … */
final class PodReason {

    private PodReason() {
    }

    static String of(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return "no status yet";
        }
        List<String> parts = new ArrayList<>();
        for (ContainerStatus c : status.getContainerStatuses() == null ? List.<ContainerStatus>of()
                : status.getContainerStatuses()) {
            if (c.getState() == null) {
                continue;
            }
            ContainerStateTerminated t = c.getState().getTerminated();
            ContainerStateWaiting w = c.getState().getWaiting();
            if (t != null) {
                parts.add((t.getReason() == null ? "terminated" : t.getReason()) + " (exit " + t.getExitCode() + ")"
                        + message(t.getMessage()));
            } else if (w != null && w.getReason() != null) {
                parts.add(w.getReason() + message(w.getMessage()));
            }
        }
        if (parts.isEmpty() && status.getReason() != null) {
            parts.add(status.getReason() + message(status.getMessage()));
        }
        if (parts.isEmpty() && status.getConditions() != null) {
            for (PodCondition c : status.getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                    parts.add((c.getReason() == null ? "not scheduled" : c.getReason()) + message(c.getMessage()));
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(status.getPhase() == null ? "unknown" : status.getPhase());
        }
        return String.join("; ", parts);
    }

    private static String message(String m) {
        return m == null || m.isBlank() ? "" : ": " + m.replaceAll("\\s+", " ").trim();
    }
}
