package dev.qvm.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code qvm --version}: the build's version and the JVM it runs on. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {
      "qvm " + (v == null ? "0.1.0-SNAPSHOT" : v),
      "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
    };
  }
}
