import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Helm's own lint and template, in-process through helm-java (no helm binary), on the jars of
 * infra/helm/pom.xml (scripts/ensure-helm.sh). scripts/helm/helm.ts compiles it once into .local/helm;
 * by hand, java's single-file source launcher runs it as is:
 *
 *   java -cp '.local/helm/libs/*' scripts/helm/HelmRunner.java version
 *   java -cp '.local/helm/libs/*' scripts/helm/HelmRunner.java lint <chart> [--strict]
 *   java -cp '.local/helm/libs/*' scripts/helm/HelmRunner.java template <chart> [-f values.yaml]... [--name n]
 *        [--namespace ns] [--kube-version v]
 *
 * lint prints one message a line and exits 1 when Helm says it failed; template prints the manifests.
 * helm-java's lint takes neither values files nor a Kubernetes version: lint a copy of the chart whose
 * values.yaml already holds the merged values (scripts/helm/helm.ts does), and see deploy/k8s/README.md for kubeVersion.
 */
public final class HelmRunner {
  private HelmRunner() {}

  public static void main(String[] args) {
    if (args.length == 0) usage("no command");
    try {
      switch (args[0]) {
        case "version" -> System.out.println(Helm.version().call());
        case "lint" -> System.exit(lint(args));
        case "template" -> System.out.print(template(args));
        default -> usage("unknown command " + args[0]);
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      // helm-java reports Helm's own errors (a failed render, a schema violation) as IllegalStateException.
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
  }

  private static int lint(String[] args) {
    if (args.length < 2) usage("lint needs a chart path");
    var command = new Helm(Paths.get(args[1])).lint();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--strict")) command.strict();
      else usage("lint: unknown option " + args[i]);
    }
    LintResult result = command.call();
    result.getMessages().forEach(System.out::println);
    return result.isFailed() ? 1 : 0;
  }

  private static String template(String[] args) {
    if (args.length < 2) usage("template needs a chart path");
    TemplateCommand command = new Helm(Paths.get(args[1])).template();
    List<Path> valuesFiles = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) usage("template: " + option + " needs a value");
      String value = args[++i];
      switch (option) {
        case "-f", "--values" -> valuesFiles.add(Paths.get(value));
        case "--name" -> command.withName(value);
        case "--namespace" -> command.withNamespace(value);
        case "--kube-version" -> command.withKubeVersion(value);
        default -> usage("template: unknown option " + option);
      }
    }
    valuesFiles.forEach(command::withValuesFile);
    return command.call();
  }

  private static void usage(String problem) {
    System.err.println("HelmRunner: " + problem);
    System.err.println("usage: HelmRunner version | lint <chart> [--strict] | template <chart> [-f values.yaml]... [--name n] [--namespace ns] [--kube-version v]");
    System.exit(2);
  }
}
