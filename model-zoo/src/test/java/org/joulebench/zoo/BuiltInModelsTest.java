package org.joulebench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model of the built-in catalogue is on the class path and has the size and sha256 the catalogue says. */
class BuiltInModelsTest {

    static java.util.List<ModelEntry> models() {
        return ModelZoo.builtIn().models();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void loadsAndVerifies(ModelEntry entry) throws ModelLoadException {
        ModelFiles files = ModelZoo.builtIn().load(entry);
        assertEquals(entry.sizeBytes(), files.model().length);
    }
}
