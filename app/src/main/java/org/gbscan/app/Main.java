package org.gbscan.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gbscan} command line: one entry point for the service, the demo and the tools around it. */
@Command(name = "gbscan", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Biliary atresia scoring of infant gallbladder ultrasound, integrated with the PACS.",
        subcommands = {ServeCommand.class, BrokerCommand.class, DemoCommand.class, PhantomCommand.class, TrainCommand.class,
            EvaluateCommand.class, ScoreCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new UserErrors());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
