package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The {@code -Pimage} profile's Jib configuration, read from the pom (Jib itself needs a registry and never runs
 * here): the pinned plugin, a Java 17 base, and an entry point that exists, is executable in the image and starts
 * this CLI on the classpath Jib lays out.
 */
class CliImageProfileTest {

    private static Document pom;
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();
    private static final String JIB = "/project/profiles/profile[id='image']/build/plugins/plugin[artifactId='jib-maven-plugin']";

    @BeforeAll
    static void readPom() throws Exception {
        pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    private static String text(String path) throws Exception {
        return ((String) XPATH.evaluate(path, pom, XPathConstants.STRING)).strip();
    }

    private static List<String> texts(String path) throws Exception {
        NodeList nodes = (NodeList) XPATH.evaluate(path, pom, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    @Test
    void theProfilePinsJibOnAJava17Base() throws Exception {
        assertEquals("com.google.cloud.tools", text(JIB + "/groupId"));
        assertEquals("3.5.2", text(JIB + "/version"));
        assertEquals("eclipse-temurin:17-jre", text(JIB + "/configuration/from/image"));
        assertEquals("joulebench:${project.version}", text(JIB + "/configuration/to/image"));
        assertEquals(List.of("package"), texts(JIB + "/executions/execution/phase"));
        assertEquals(List.of("build"), texts(JIB + "/executions/execution/goals/goal"));
        assertEquals("", text("/project/build/plugins/plugin[artifactId='jib-maven-plugin']/version"),
                "Jib only in the opt-in profile");
    }

    @Test
    void theEntryPointIsTheLauncherOfThisCli() throws Exception {
        String entry = text(JIB + "/configuration/container/entrypoint");
        assertEquals("/usr/local/bin/joulebench", entry);
        assertEquals(List.of("src/main/jib"), texts(JIB + "/configuration/extraDirectories/paths/path"));
        assertEquals(entry, text(JIB + "/configuration/extraDirectories/permissions/permission/file"));
        assertEquals("755", text(JIB + "/configuration/extraDirectories/permissions/permission/mode"));
        Path launcher = Path.of("src/main/jib" + entry);
        String script = Files.readString(launcher);
        assertTrue(script.startsWith("#!/bin/sh\n"), script);
        assertTrue(script.contains("-cp '/app/resources:/app/classes:/app/libs/*'"), "Jib's default layout: " + script);
        assertTrue(script.contains("--add-modules jdk.incubator.vector"), script);
        assertTrue(script.contains("ORT_DISABLE_TELEMETRY=\"${ORT_DISABLE_TELEMETRY:-1}\"")
                && script.contains("export ORT_DISABLE_TELEMETRY"), "ONNX Runtime's telemetry off: " + script);
        String main = text("/project/build/plugins/plugin[artifactId='maven-jar-plugin']/configuration/archive/manifest/mainClass");
        assertEquals(Main.class.getName(), main);
        assertTrue(script.contains(" " + main + " \"$@\""), script);
    }
}
