/** The qvm command line: run, check; logging set-up and exit codes. */
module dev.qvm.cli {
  requires dev.qvm.core;
  requires dev.qvm.cpu;
  requires dev.qvm.vdev;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires ch.qos.logback.classic;
  requires ch.qos.logback.core;
  requires jdk.unsupported; // sun.misc.Signal: SIGINT, SIGTERM, SIGUSR1 in qvm run

  opens dev.qvm.cli to info.picocli;
  opens dev.qvm.cli.bench to info.picocli;
}
