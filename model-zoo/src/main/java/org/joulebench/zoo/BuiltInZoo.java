package org.joulebench.zoo;

/**
 * The zoo that ships with Joulebench: the catalogue resource {@value #CATALOG} and models that arrive as Maven
 * artifacts on the class path. The catalogue is read on first use.
 */
enum BuiltInZoo {
    INSTANCE;

    static final String CATALOG = "org/joulebench/zoo/catalog.json";

    ModelZoo get() {
        return Holder.ZOO;
    }

    private static final class Holder {
        private static final ModelZoo ZOO = load();

        private static ModelZoo load() {
            ClassLoader loader = BuiltInZoo.class.getClassLoader();
            return new CatalogZoo(Catalog.fromResource(loader, CATALOG), loader);
        }
    }
}
