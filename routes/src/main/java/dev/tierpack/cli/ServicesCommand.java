package dev.tierpack.cli;

import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "services", mixinStandardHelpOptions = true,
        description = {"Runs the embedded S3 server and Kafka broker in the foreground until interrupted (Ctrl-C).",
                "Useful to look at the demo's buckets and topics with other tools; credentials are in STATE_DIR/s3/."})
final class ServicesCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Mixin StateDirOption state;

    @Override
    public Integer call() throws Exception {
        try (EmbeddedServices services = EmbeddedServices.start(state.stateDir)) {
            out().println("S3 endpoint:     " + services.s3().endpoint() + "  (region us-east-1, path-style; "
                    + "access key " + services.s3().credentials().accessKey() + ", secret in " + state.stateDir.resolve("s3") + ")");
            out().println("Kafka bootstrap: " + services.kafka().bootstrapServers());
            out().println("Press Ctrl-C to stop.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return ExitCode.OK;
    }
}
