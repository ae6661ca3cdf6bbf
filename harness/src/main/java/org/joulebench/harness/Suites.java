package org.joulebench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Loads suites: built-in ones by name, or a user's file by path. */
public final class Suites {

    /** The suite a run uses when none is named. */
    public static final String DEFAULT = "default";
    private static final String BUILTIN_FOLDER = "org/joulebench/harness/suites/";

    private Suites() {
    }

    /** Names of the suites built into Joulebench. */
    public static List<String> builtIn() {
        return List.of(DEFAULT, "generation");
    }

    /**
     * Loads {@code ref}: a path to a .yaml/.yml/.json file, or the name of a built-in suite.
     */
    public static Suite load(String ref) throws InputException {
        Path path = Path.of(ref);
        if (Files.isRegularFile(path)) {
            return SuiteReader.read(new FileSource(path));
        }
        if (!ref.contains("/") && !ref.contains("\\") && builtIn().contains(ref)) {
            return SuiteReader.read(new ResourceSource(BUILTIN_FOLDER, ref + ".yaml"));
        }
        throw new InputException("no suite '" + ref + "': not a file, and not a built-in suite",
                "give the path of a suite file (.yaml or .json), or one of: " + String.join(", ", builtIn()));
    }

    /** A place suite files and datasets are read from; datasets resolve against the suite's folder. */
    interface Source {
        String describe();

        InputStream open() throws IOException;

        Source sibling(String relative);
    }

    record FileSource(Path path) implements Source {
        @Override
        public String describe() {
            return path.toString();
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public Source sibling(String relative) {
            Path parent = path.toAbsolutePath().getParent();
            return new FileSource(parent.resolve(relative).normalize());
        }
    }

    record ResourceSource(String folder, String name) implements Source {
        @Override
        public String describe() {
            return "builtin:" + name;
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = Suites.class.getClassLoader().getResourceAsStream(folder + name);
            if (in == null) {
                throw new NoSuchFileException("builtin:" + name);
            }
            return in;
        }

        @Override
        public Source sibling(String relative) {
            String joined = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) + relative : relative;
            return new ResourceSource(folder, joined);
        }
    }
}
