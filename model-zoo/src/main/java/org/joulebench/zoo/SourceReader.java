package org.joulebench.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one of a model's files from where its {@link ModelSource} says: a class-path resource from a Maven artifact
 * ({@value #MAVEN}) or a file in a folder ({@value #FILE}). Each failure says what to add or fix.
 */
final class SourceReader {

    static final String MAVEN = "maven";
    static final String FILE = "file";

    private final ClassLoader loader;

    SourceReader(ClassLoader loader) {
        this.loader = loader;
    }

    byte[] read(ModelEntry entry, String name) throws ModelLoadException {
        ModelSource source = entry.source();
        switch (source.kind()) {
            case MAVEN:
                return readResource(entry, name);
            case FILE:
                return readFile(entry, Path.of(source.coordinates()).resolve(name));
            default:
                throw new ModelLoadException("model " + entry.id() + ": source kind '" + source.kind()
                        + "' is unknown; use '" + MAVEN + "' (a jar on the class path) or '" + FILE + "' (a folder)");
        }
    }

    /** What to do when the model file's bytes are not the ones the catalogue describes. */
    String corruptFix(ModelEntry entry) {
        ModelSource source = entry.source();
        if (MAVEN.equals(source.kind())) {
            return "the artifact " + source.coordinates() + " is corrupt or a different version — delete "
                    + m2Folder(source.coordinates()) + " and rebuild so Maven downloads it again";
        }
        return "the file " + Path.of(source.coordinates()).resolve(source.model())
                + " is corrupt or a different model — replace it with the file of " + entry.upstream()
                + ", or correct the entry's sha256 if you changed the model on purpose";
    }

    private byte[] readResource(ModelEntry entry, String name) throws ModelLoadException {
        String coordinates = entry.source().coordinates();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelLoadException("model " + entry.id() + ": the class path has no resource '" + name
                        + "'; add the Maven artifact " + coordinates + " as a dependency (excluding its transitive"
                        + " dependencies) to the module that runs the model, then rebuild");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("model " + entry.id() + ": resource '" + name + "' of " + coordinates
                    + " could not be read (" + e.getMessage() + "); the jar may be damaged — delete "
                    + m2Folder(coordinates) + " and rebuild", e);
        }
    }

    private static byte[] readFile(ModelEntry entry, Path file) throws ModelLoadException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model " + entry.id() + ": file " + file.toAbsolutePath() + " does not exist;"
                    + " put the file of " + entry.upstream() + " there, or point the entry's source at its folder", e);
        } catch (IOException e) {
            throw new ModelLoadException("model " + entry.id() + ": file " + file.toAbsolutePath()
                    + " could not be read: " + e, e);
        }
    }

    /** {@code group:artifact:version} → the folder under {@code ~/.m2/repository} that holds it. */
    static String m2Folder(String coordinates) {
        String[] gav = coordinates.split(":");
        if (gav.length != 3) {
            return "the artifact " + coordinates + " from ~/.m2/repository";
        }
        return "~/.m2/repository/" + gav[0].replace('.', '/') + "/" + gav[1] + "/" + gav[2];
    }
}
