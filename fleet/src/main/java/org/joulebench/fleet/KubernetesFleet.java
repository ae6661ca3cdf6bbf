package org.joulebench.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultFolder;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A plan's Kubernetes targets on a cluster: {@link #submit(String)} creates their Jobs, {@link #status()} shows
 * each target's progress, {@link #collect()} fetches every finished run's results.json from its pod's log.
 */
public final class KubernetesFleet {

    /** The folder of the plan where {@link #collect()} puts the results: {@code collected/TARGET/run-I/}. */
    public static final String COLLECTED = "collected";
    private static final String JOB_NAME_LABEL = "job-name";
    private static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";

    private final KubernetesClient client;
    private final FleetPlan plan;

    public KubernetesFleet(KubernetesClient client, FleetPlan plan) {
        this.client = client;
        this.plan = plan;
    }

    /** One target's Job: how many of its runs succeeded, failed and are running, of how many. */
    public record Progress(String target, String job, boolean submitted, int completions, int succeeded, int failed,
            int active) {

        /** {@code cpu-node  job joulebench-cpu-node: 1 of 3 succeeded, 1 failed, 1 running}. */
        public String line() {
            if (!submitted) {
                return target + ": job " + job + " not submitted (joulebench fleet submit)";
            }
            String state = succeeded + failed == completions ? (failed == 0 ? "done" : "finished with failures")
                    : active > 0 ? "running" : "waiting";
            return target + ": job " + job + ": " + succeeded + " of " + completions + " succeeded, " + failed
                    + " failed, " + active + " running — " + state;
        }
    }

    /**
     * What {@link #collect()} found.
     *
     * @param results    the results.json of every finished run, under the plan's {@value #COLLECTED} folder
     * @param problems   one line per run that failed, or whose result could not be read, with its pod's reason
     * @param unfinished one line per run still pending or running, or never submitted
     */
    public record Collected(List<Path> results, List<String> problems, List<String> unfinished) {
    }

    /**
     * Creates the history's Secret (where the pods reach the history) and each target's Job from the plan's
     * manifests, leaving any that exist already as they are.
     *
     * @return one line per object: created, or there already
     * @throws InputException where a manifest does not read or the cluster cannot be reached or refuses; checked
     *                        before anything is created
     */
    public List<String> submit(String historyUrl) throws InputException {
        Map<Target, Job> jobs = new LinkedHashMap<>();
        for (Target t : plan.fleet().kubernetesTargets()) {
            jobs.put(t, load(t));
        }
        String ns = client.getNamespace();
        api(() -> client.batch().v1().jobs().inNamespace(ns).list(), "list jobs in namespace " + ns);
        List<String> lines = new ArrayList<>();
        if (plan.podsReachHistory()) {
            String name = JobManifest.secretName(plan.fleet());
            Secret existing = api(() -> client.secrets().inNamespace(ns).withName(name).get(), "read secret " + name);
            if (existing != null) {
                lines.add("secret " + name + " is there already; left as it is");
            } else {
                Secret secret = new SecretBuilder().withNewMetadata().withName(name)
                        .addToLabels(JobManifest.FLEET_LABEL, plan.name()).endMetadata()
                        .addToStringData(JobManifest.SECRET_KEY, historyUrl).build();
                api(() -> client.secrets().inNamespace(ns).resource(secret).create(), "create secret " + name);
                lines.add("created secret " + name + " (the history's URL for the pods)");
            }
        }
        for (Map.Entry<Target, Job> e : jobs.entrySet()) {
            Job job = e.getValue();
            String name = job.getMetadata().getName();
            Job existing = api(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(), "read job " + name);
            if (existing != null) {
                lines.add("job " + name + " is there already (created " + existing.getMetadata().getCreationTimestamp()
                        + "); left as it is — to run it again: kubectl delete job " + name + " -n " + ns);
                continue;
            }
            api(() -> client.batch().v1().jobs().inNamespace(ns).resource(job).create(), "create job " + name);
            lines.add("created job " + name + " in namespace " + ns + " (" + e.getKey().runs() + " run"
                    + (e.getKey().runs() == 1 ? "" : "s") + ")");
        }
        return lines;
    }

    /** Each Kubernetes target's progress, in the targets file's order. */
    public List<Progress> status() throws InputException {
        List<Progress> out = new ArrayList<>();
        String ns = client.getNamespace();
        for (Target t : plan.fleet().kubernetesTargets()) {
            String name = plan.fleet().jobName(t);
            Job job = api(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(), "read job " + name);
            if (job == null) {
                out.add(new Progress(t.name(), name, false, t.runs(), 0, 0, 0));
                continue;
            }
            JobStatus s = job.getStatus() == null ? new JobStatus() : job.getStatus();
            int completions = job.getSpec() != null && job.getSpec().getCompletions() != null
                    ? job.getSpec().getCompletions() : t.runs();
            out.add(new Progress(t.name(), name, true, completions, n(s.getSucceeded()), n(s.getFailed()),
                    n(s.getActive())));
        }
        return out;
    }

    /**
     * Fetches the result of every run that succeeded into {@code collected/TARGET/run-I/results.json} of the plan
     * (each checked to read as a result), and lists the runs that failed, with their pod's reason, and those not
     * finished. Nothing is added to the history here.
     */
    public Collected collect() throws InputException, IOException {
        List<Path> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        String ns = client.getNamespace();
        for (Target t : plan.fleet().kubernetesTargets()) {
            String name = plan.fleet().jobName(t);
            Job job = api(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(), "read job " + name);
            if (job == null) {
                unfinished.add(t.name() + ": job " + name + " not found in namespace " + ns
                        + " (not submitted, or deleted): joulebench fleet submit");
                continue;
            }
            List<Pod> pods = api(() -> client.pods().inNamespace(ns).withLabel(JOB_NAME_LABEL, name).list().getItems(),
                    "list the pods of job " + name);
            int completions = job.getSpec() != null && job.getSpec().getCompletions() != null
                    ? job.getSpec().getCompletions() : t.runs();
            for (int i = 0; i < completions; i++) {
                String run = t.name() + " run " + i;
                List<Pod> ofIndex = ofIndex(pods, i);
                Optional<Pod> succeeded = ofIndex.stream().filter(p -> phase(p).equals("Succeeded")).findFirst();
                if (succeeded.isPresent()) {
                    fetch(ns, t, i, succeeded.get()).ifPresentOrElse(results::add,
                            () -> problems.add(run + ": pod " + succeeded.get().getMetadata().getName()
                                    + " succeeded but its log holds no complete results block (log rotated or cut?)"));
                    continue;
                }
                Optional<Pod> failed = ofIndex.stream().filter(p -> phase(p).equals("Failed")).findFirst();
                if (failed.isPresent()) {
                    problems.add(run + ": failed, pod " + failed.get().getMetadata().getName() + ": "
                            + PodReason.of(failed.get()));
                } else if (!ofIndex.isEmpty()) {
                    Pod p = ofIndex.get(0);
                    unfinished.add(run + ": " + phase(p).toLowerCase(java.util.Locale.ROOT) + ", pod "
                            + p.getMetadata().getName() + ": " + PodReason.of(p));
                } else {
                    Optional<String> jobFailure = failure(job);
                    if (jobFailure.isPresent()) {
                        problems.add(run + ": no pod; job " + name + " failed: " + jobFailure.get());
                    } else {
                        unfinished.add(run + ": no pod yet");
                    }
                }
            }
        }
        return new Collected(results, problems, unfinished);
    }

    private Optional<Path> fetch(String ns, Target t, int index, Pod pod) throws InputException, IOException {
        String podName = pod.getMetadata().getName();
        String log = api(() -> client.pods().inNamespace(ns).withName(podName).getLog(), "read the log of pod " + podName);
        Optional<byte[]> json;
        try {
            json = ResultsBlock.find(log == null ? "" : log);
        } catch (IOException e) {
            throw new InputException("the results block in the log of pod " + podName + " does not decode: "
                    + e.getMessage(), "look at it with kubectl logs " + podName + " -n " + ns);
        }
        if (json.isEmpty()) {
            return Optional.empty();
        }
        Path dir = plan.dir().resolve(COLLECTED).resolve(t.name()).resolve("run-" + index);
        Files.createDirectories(dir);
        Path file = dir.resolve(ResultFolder.RESULTS);
        Files.write(file, json.get());
        ResultFolder.readResults(file); // a result the history can take, or the reason why not, here
        return Optional.of(file);
    }

    private Job load(Target t) throws InputException {
        Path file = plan.jobFile(t);
        Job job;
        try (InputStream in = Files.newInputStream(file)) {
            job = client.getKubernetesSerialization().unmarshal(in, Job.class);
        } catch (IOException | RuntimeException e) {
            throw new InputException("cannot read the Job in " + file + ": " + KubernetesConnection.oneLine(e),
                    "write the plan again with joulebench fleet plan");
        }
        String expected = plan.fleet().jobName(t);
        if (job == null || job.getMetadata() == null || !expected.equals(job.getMetadata().getName())) {
            throw new InputException(file + " does not hold the Job " + expected,
                    "keep the name fleet plan gave it, or write the plan again");
        }
        return job;
    }

    private static List<Pod> ofIndex(List<Pod> pods, int index) {
        String want = String.valueOf(index);
        return pods.stream().filter(p -> want.equals(indexOf(p)))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static String indexOf(Pod p) {
        Map<String, String> annotations = p.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(INDEX_KEY)) {
            return annotations.get(INDEX_KEY);
        }
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels == null ? null : labels.get(INDEX_KEY);
    }

    private static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    private static Optional<String> failure(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                return Optional.of((c.getReason() == null ? "Failed" : c.getReason())
                        + (c.getMessage() == null ? "" : ": " + c.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    /** Runs one API call; a cluster that cannot be reached, or refuses, is one line of input error. */
    private <T> T api(Supplier<T> call, String what) throws InputException {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String where = client.getConfiguration().getMasterUrl();
            if (e.getCode() == 401 || e.getCode() == 403) {
                throw new InputException("the Kubernetes API at " + where + " refused to " + what + " (HTTP " + e.getCode()
                        + ")", "the kubeconfig's user needs to create jobs and secrets and to read pods and their logs"
                        + " in namespace " + client.getNamespace() + " (see docs/fleet.md)");
            }
            if (e.getCode() <= 0) {
                throw new InputException("cannot reach the Kubernetes API at " + where + " to " + what + ": "
                        + KubernetesConnection.rootCause(e), "check the cluster is up and the kubeconfig's context "
                        + "(kubectl cluster-info), or give --kubeconfig");
            }
            throw new InputException("the Kubernetes API at " + where + " could not " + what + ": HTTP " + e.getCode()
                    + " " + KubernetesConnection.oneLine(e), "see kubectl get events -n " + client.getNamespace());
        }
    }
}
