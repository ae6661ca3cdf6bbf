package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.zoo.ModelEntry;

/** The run's models behind OpenAI-compatible servers: their entries, and what the meter's boundary says of them. */
final class RemoteModels {

    private RemoteModels() {
    }

    /**
     * An entry per remote model, with the server's model name as id; a name the run already has (another server's
     * model, a zoo model) gets {@code #2}, {@code #3}, as a model named twice does.
     */
    static List<ModelEntry> entries(List<RemoteModel> remote, List<ModelEntry> before) {
        List<ModelEntry> all = new ArrayList<>(before);
        List<ModelEntry> added = new ArrayList<>();
        for (RemoteModel r : remote) {
            long earlier = all.stream().filter(x -> x.id().equals(r.model()) || x.id().startsWith(r.model() + "#"))
                    .count();
            ModelEntry e = r.entry(earlier == 0 ? r.model() : r.model() + "#" + (earlier + 1));
            all.add(e);
            added.add(e);
        }
        return added;
    }

    /**
     * The boundary of a row on a server: the meter's own, and whether the server's work is inside it. The ESTIMATE
     * meter counts this process and its children, so a server this run did not start is outside it; a machine's
     * counters (RAPL, NVML) see a server on the same machine, with everything else that runs there, and never one on
     * another machine.
     */
    static String boundary(String meterBoundary, String meterMethod, ModelEntry entry, List<RemoteModel> remote) {
        String url = entry.source().coordinates();
        boolean child = remote.stream().anyMatch(r -> r.url().equals(url) && r.model().equals(entry.source().model())
                && r.startedByRun());
        if (child) {
            return meterBoundary + "; the server (" + url + ") is a child process of this run (--serve-local), so its"
                    + " work is inside this boundary";
        }
        if ("ESTIMATE".equals(meterMethod)) {
            return meterBoundary + "; the server at " + url + " is NOT inside it: this run did not start it, so its"
                    + " work is not in these figures (only this process's client side is); start it with"
                    + " --serve-local, or measure on its machine";
        }
        return meterBoundary + "; the server at " + url + " is inside it only if it runs on this machine and on the"
                + " measured devices (a server on another machine, or on a GPU this meter does not read, is not)";
    }
}
