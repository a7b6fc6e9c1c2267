package dev.modelregistry.cli;

import dev.modelregistry.git.store.StoreLogin;
import dev.modelregistry.git.store.StoreLogins;
import dev.modelregistry.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The {@code <server>} entries of Maven's {@code settings.xml}, so that an ops machine that already
 * deploys to Nexus logs in to the registry's store with the same lines: the entry whose {@code
 * <id>} is {@code store.server} of {@code registry.yaml}. Read with the JDK's XML parser, with
 * external entities and DTDs off (the file is the user's, but the parser is not to fetch anything).
 * Passwords encrypted with Maven's master password are refused with a way out: decrypting them
 * needs Maven's security settings, which the goals (running inside Maven) do read.
 */
final class MavenSettingsLogins implements StoreLogins {
  private final Path file;
  private Document document;

  MavenSettingsLogins(Path file) {
    this.file = file;
  }

  /** {@code ~/.m2/settings.xml} of {@code home}, if there is one. */
  static Optional<StoreLogins> in(Path home) {
    Path f = home.resolve(".m2").resolve("settings.xml");
    return Files.isRegularFile(f) ? Optional.of(new MavenSettingsLogins(f)) : Optional.empty();
  }

  @Override
  public Optional<StoreLogin> loginFor(java.net.URI location, String server) {
    if (server == null) {
      return Optional.empty(); // a settings.xml server is for the store registry.yaml names
    }
    NodeList servers = document().getElementsByTagName("server");
    for (int i = 0; i < servers.getLength(); i++) {
      Element s = (Element) servers.item(i);
      if (!server.equals(text(s, "id"))) {
        continue;
      }
      String user = text(s, "username");
      String password = text(s, "password");
      if (password != null && password.startsWith("{") && password.endsWith("}")) {
        throw new InvalidInputException(
            "The password of server '"
                + server
                + "' in "
                + file
                + " is encrypted with Maven's master password, which the registry command does not"
                + " read. Give it in REGISTRY_STORE_PASSWORD (with REGISTRY_STORE_USERNAME) or"
                + " REGISTRY_STORE_TOKEN, or run the Maven goal, which decrypts it.");
      }
      if (user == null && password != null) {
        return Optional.of(new StoreLogin.Bearer(password));
      }
      if (user != null) {
        return Optional.of(new StoreLogin.Basic(user, password == null ? "" : password));
      }
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "the servers of " + file;
  }

  private synchronized Document document() {
    if (document == null) {
      try (InputStream in = Files.newInputStream(file)) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        document = b.parse(in);
      } catch (IOException | SAXException | ParserConfigurationException e) {
        throw new InvalidInputException(
            "Cannot read "
                + file
                + " (Maven's settings, for the store's credentials): "
                + e.getMessage()
                + ". Fix the file, or give the credentials in"
                + " REGISTRY_STORE_USERNAME and REGISTRY_STORE_PASSWORD.",
            e);
      }
    }
    return document;
  }

  private static String text(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? null : l.item(0).getTextContent().strip();
  }
}
