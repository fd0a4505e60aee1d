package galley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galley.TestProject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code galley serve}'s command line: its options and its answers to mistakes, without a stack trace. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aPortInUseIsAUsageErrorThatSaysWhatToDo() throws Exception {
        TestProject p = TestProject.write(dir, TestProject.BASE);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            TestProject.Run run = TestProject.run("serve", "--root", p.root().toString(), "--port", "" + port);
            assertEquals(Main.USAGE, run.exitCode(), run.toString());
            assertEquals(
                    "galley: cannot listen on 127.0.0.1:" + port + ": address in use; try --port 0 or another port\n",
                    run.err(),
                    run.toString());
        }
        assertFalse(Files.exists(p.root().resolve(".galley/serve-site")), "nothing built");
    }

    @Test
    void mistakesAreUsageErrors() throws Exception {
        TestProject p = TestProject.write(dir, TestProject.BASE);
        String root = p.root().toString();
        for (String[] args : new String[][] {
            {"serve", "--root", root, "--port", "70000"},
            {"serve", "--root", root, "--bind", "no-such-host.invalid"},
            {"serve", "--root", root, "--changes", "x.txt"},
            {"serve", "--root", root, "--base-url", "not a url"},
            {"serve", "--root", dir.resolve("missing").toString()},
            {"serve", "--root", root, "--prot", "8080"}
        }) {
            TestProject.Run run = TestProject.run(args);
            assertEquals(Main.USAGE, run.exitCode(), String.join(" ", args) + "\n" + run);
            assertTrue(run.err().startsWith("galley: "), run.toString());
            assertFalse(run.err().contains("\tat "), run.toString());
        }
    }

    @Test
    void helpListsServeAndItsOptions() {
        assertTrue(TestProject.run("--help").out().contains("serve"));
        TestProject.Run help = TestProject.run("serve", "--help");
        assertEquals(0, help.exitCode());
        for (String option :
                new String[] {"--port", "--bind", "--open", "--drafts", "--future", "--base-url", "--no-wait"})
            assertTrue(help.out().contains(option), option + "\n" + help.out());
    }
}
