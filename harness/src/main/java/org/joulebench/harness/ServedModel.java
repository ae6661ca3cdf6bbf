package org.joulebench.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.joulebench.runners.Engines;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;

/**
 * One generation model opened on one engine for {@code joulebench serve}: a zoo entry or a GGUF file on disk, found,
 * checked (sha256, format) and opened as a run opens its models.
 *
 * @param name    the name it is served under: the zoo id, or the file's name without {@code .gguf}
 * @param entry   its catalogue entry
 * @param backend the open engine; its caller closes it
 */
public record ServedModel(String name, ModelEntry entry, GenerationBackend backend) {

    public ServedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(backend, "backend");
    }

    /**
     * Opens {@code modelId} from the built-in zoo, or else {@code gguf} (exactly one of them non-null), on
     * {@code engine} with {@code threads} threads (0: the engine chooses).
     */
    public static ServedModel open(String modelId, Path gguf, String engine, int threads) throws InputException {
        if ((modelId == null) == (gguf == null)) {
            throw new InputException("name the model with --model ID or --gguf FILE, one of them",
                    "see `joulebench zoo` for the ids");
        }
        List<GenerationProvider> engines = Engines.providers();
        if (engines.stream().noneMatch(p -> p.id().equals(engine))) {
            throw new InputException("unknown engine '" + engine + "'", "choose from: " + engines.stream()
                    .map(GenerationProvider::id).collect(Collectors.joining(", ")));
        }
        ModelZoo zoo = ModelZoo.builtIn();
        ModelEntry entry = modelId != null ? LoadedModels.entries(zoo, List.of(modelId)).get(0)
                : LocalModels.fromGguf(gguf);
        if (!"generation".equals(entry.task())) {
            throw new InputException("model '" + entry.id() + "' is a" + (entry.task().matches("^[aeiou].*") ? "n " : " ")
                    + entry.task() + " model; serve serves generation models",
                    "pick a generation model (see `joulebench zoo`)");
        }
        List<LoadedEngines.Spec> specs = LoadedEngines.resolve(List.of(entry), engine);
        LoadedEngines opened = LoadedEngines.open(zoo, specs, threads);
        return new ServedModel(entry.id(), entry, opened.all().get(0).backend());
    }
}
