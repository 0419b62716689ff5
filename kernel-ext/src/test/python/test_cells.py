"""What cells can contain: errors that point at the user's line, magics, the BPF extension's
imports and renderers, and the JJava bugs this kernel must not repeat (#119, #65, #107)."""
import os
import re
import subprocess
import textwrap
import time
import unittest
from pathlib import Path

from kernel_client import Kernel

ANSI = re.compile(r"\x1b\[[0-9;]*m")
WORK = Path(os.environ.get("TRACEBOOK_TEST_WORK", "/tmp/tracebook-kernel-tests"))
JAVA_HOME = Path(os.environ.get("TRACEBOOK_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"))
KERNEL_CLASSPATH = os.environ.get("TRACEBOOK_KERNEL_CLASSPATH", "")


class Cells(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        WORK.mkdir(parents=True, exist_ok=True)
        cls.kernel = Kernel()

    @classmethod
    def tearDownClass(cls):
        cls.kernel.shutdown()

    def execute_ok(self, code):
        execution = self.kernel.execute(code)
        self.assertEqual("ok", execution.status, execution.traceback())
        return execution

    def execute_error(self, code):
        execution = self.kernel.execute(code)
        self.assertEqual("error", execution.status, f"{code!r} should fail")
        return execution

    # --- errors -------------------------------------------------------------------------------

    def test_compile_error_names_the_cells_line_and_marks_the_code(self):
        execution = self.execute_error('int a = 1;\nint b = 2;\nString c = a + b;')
        traceback = execution.traceback()
        self.assertEqual("CompileError", execution.reply["content"]["ename"])
        self.assertIn("line 3 of cell", traceback)
        self.assertIn("incompatible types: int cannot be converted to java.lang.String", traceback)
        self.assertIn("String c = a + b;", traceback)
        self.assertIn("^---^", traceback)

    def test_unknown_symbol_is_named(self):
        traceback = self.execute_error("int n = 1;\nn + undefinedThing").traceback()
        self.assertIn("line 2 of cell", traceback)
        self.assertIn("symbol:   variable undefinedThing", traceback)
        self.assertNotIn("location: class", traceback)

    def test_runtime_exception_shows_class_message_and_the_users_frames_only(self):
        number = self.execute_ok("int ratio(int d) {\n    return 10 / d;\n}").reply["content"]["execution_count"]
        execution = self.execute_error("int zero = 0;\nratio(zero)")
        traceback = execution.traceback()
        self.assertEqual("java.lang.ArithmeticException: / by zero", execution.error()["evalue"])
        self.assertIn("at ratio (line 2 of cell [%d])" % number, traceback)
        self.assertIn("line 2 of cell [%d]" % (number + 1), traceback)
        self.assertLess(len(execution.error()["traceback"]), 6, traceback)
        for internal in ("jdk.internal", "jdk.jshell", "REPL.", "io.tracebook.kernel", "java.lang.reflect"):
            self.assertNotIn(internal, traceback)

    def test_exception_causes_are_shown(self):
        traceback = self.execute_error(
            'throw new RuntimeException("outer", new IllegalStateException("inner"));').traceback()
        self.assertIn("java.lang.RuntimeException: outer", traceback)
        self.assertIn("Caused by: ", traceback)
        self.assertIn("java.lang.IllegalStateException: inner", traceback)

    def test_null_pointer_message_names_the_variable_without_jshell_internals(self):
        evalue = self.execute_error('String nothing = null;\nnothing.length()').error()["evalue"]
        self.assertIn('"nothing" is null', evalue)
        self.assertNotIn("$JShell$", evalue)

    def test_unfinished_code_says_where(self):
        traceback = self.execute_error("int unfinished = 1;\nfor (int i = 0; i < 3; i++) {\n  unfinished++;").traceback()
        self.assertIn("reached end of file while parsing", traceback)

    def test_rest_of_a_cell_is_skipped_after_an_error(self):
        self.execute_error('int before = 1;\nint broken = 1 / 0;\nint after = 2;')
        self.assertEqual("1", self.execute_ok("before").result())
        self.assertIn("cannot find symbol", self.execute_error("after").traceback())

    # --- JJava bugs this kernel must not repeat ---------------------------------------------

    def test_later_wildcard_imports_keep_earlier_variables_jjava_119(self):
        self.execute_ok('var kept = new ArrayList<String>(List.of("still here"));\n'
                        'int seven() { return 7; }\n'
                        'var fromMethod = seven();\n'
                        'record Point(int x, int y) { }\n'
                        'var point = new Point(1, 2);')
        self.execute_ok("import java.util.concurrent.atomic.*;\nimport java.util.regex.*;\nimport javax.management.*;")
        self.execute_ok("import java.awt.image.*;\nimport java.sql.*;")
        result = self.execute_ok('kept.get(0) + " " + fromMethod + " " + point').result()
        self.assertEqual('still here 7 Point[x=1, y=2]', result)

    def test_redefining_a_method_keeps_values_computed_with_the_old_one(self):
        self.execute_ok("int base() { return 1; }\nint twice() { return 2 * base(); }\nint saved = twice();")
        self.execute_ok("int base() { return 10; }")
        self.assertEqual("2 20", self.execute_ok('saved + " " + twice()').result())

    def test_mutually_dependent_classes_in_one_cell_jjava_65(self):
        execution = self.execute_ok(textwrap.dedent("""\
            class Animal {
                void act(List<? extends Animal> list) { for (Animal a : list) a.eat(); }
                String aboutShepherdDog(List<? super ShepherdDog> list) { return "about shepherd dogs"; }
                void eat() { System.out.println("eating"); }
            }
            class Dog extends Animal {}
            class Cat extends Animal {}
            class ShepherdDog extends Dog {}
            class Left { Right right; }
            class Right { Left left = new Left(); }
            """))
        self.assertEqual("", execution.stderr(), "no unresolved-dependency notes once the cell is complete")
        result = self.execute_ok(
            'new Animal().act(List.of(new Dog(), new Cat()));\n'
            'new Animal().aboutShepherdDog(new ArrayList<Dog>()) + " " + (new ShepherdDog() instanceof Animal) + " " + (new Right().left != null)')
        self.assertEqual("about shepherd dogs true true", execution.result() or result.result())

    def test_rerunning_a_cell_prints_no_note(self):
        # Issue 14's smallest case: the second run replaces the method, which must not read as "no longer compiles".
        cell = ("import java.util.concurrent.*;\n"
                "int sizeOfNew() { return new ConcurrentHashMap<String, String>().size(); }\nsizeOfNew()")
        for run in ("first", "second"):
            execution = self.execute_ok(cell)
            self.assertEqual("0", execution.result(), run)
            self.assertEqual("", execution.stderr(), f"the {run} run prints no note")

    def test_declaration_still_missing_a_dependency_gets_a_note(self):
        execution = self.execute_ok("class Waiting { Missing m; }")
        self.assertIn("Waiting", execution.stderr())
        self.assertIn("Missing", execution.stderr())

    def test_classpath_with_path_separator_and_globs_jjava_107(self):
        first = self.jar("first", "package lib.one; public class First { public static String hi() { return \"one\"; } }")
        second = self.jar("second", "package lib.two; public class Second { public static String hi() { return \"two\"; } }")
        self.execute_ok(f"%classpath {first}{os.pathsep}{second}")
        self.assertEqual("one two", self.execute_ok('lib.one.First.hi() + " " + lib.two.Second.hi()').result())
        third = self.jar("third", "package lib.three; public class Third { public static int n() { return 3; } }")
        self.execute_ok(f"%jars {third.parent}/th*.jar")
        self.assertEqual("3", self.execute_ok("lib.three.Third.n()").result())
        classpath = self.execute_ok('System.getProperty("java.class.path")').result()
        entries = classpath.split(os.pathsep)
        self.assertNotIn("\n", classpath)
        for jar in (first, second, third):
            self.assertIn(str(jar), entries)

    def jar(self, name, source, services=None):
        directory = WORK / name
        (directory / "src").mkdir(parents=True, exist_ok=True)
        java_file = directory / "src" / (source.split("class ")[1].split(" ")[0] + ".java")
        java_file.write_text(source)
        subprocess.run([str(JAVA_HOME / "bin" / "javac"), "-cp", KERNEL_CLASSPATH, "-d", str(directory / "classes"),
                        str(java_file)], check=True)
        for service, provider in (services or {}).items():
            (directory / "classes/META-INF/services").mkdir(parents=True, exist_ok=True)
            (directory / "classes/META-INF/services" / service).write_text(provider + "\n")
        jar = directory / f"{name}.jar"
        subprocess.run([str(JAVA_HOME / "bin" / "jar"), "cf", str(jar), "-C", str(directory / "classes"), "."], check=True)
        return jar

    def test_extension_in_an_added_jar_is_installed_and_its_cell_magic_runs(self):
        extension = self.jar("shout", textwrap.dedent("""\
            package ext;
            public class ShoutExtension implements org.dflib.jjava.jupyter.Extension {
                public void install(org.dflib.jjava.jupyter.kernel.BaseKernel kernel) {
                    kernel.getMagicsRegistry().registerCellMagic("shout", (k, args, body) -> body.strip().toUpperCase() + " " + args);
                }
            }
            """), services={"org.dflib.jjava.jupyter.Extension": "ext.ShoutExtension"})
        self.execute_ok(f"%classpath {extension}")
        self.assertEqual("HELLO [loud]", self.execute_ok("%%shout loud\nhello").result())

    def test_a_broken_extension_is_reported_and_left_out(self):
        broken = self.jar("broken-extension", textwrap.dedent("""\
            package ext;
            public class BrokenExtension implements org.dflib.jjava.jupyter.Extension {
                public void install(org.dflib.jjava.jupyter.kernel.BaseKernel kernel) {
                    throw new IllegalStateException("cannot start");
                }
            }
            """), services={"org.dflib.jjava.jupyter.Extension": "ext.BrokenExtension"})
        execution = self.execute_ok(f"%classpath {broken}")
        self.assertIn("ext.BrokenExtension failed to install and is left out", execution.stderr())
        self.assertEqual("2", self.execute_ok("1 + 1").result())

    # --- magics -------------------------------------------------------------------------------

    def test_missing_jar_is_a_clear_error(self):
        execution = self.execute_error("%classpath /no/such/library.jar")
        self.assertEqual("MagicError", execution.reply["content"]["ename"])
        self.assertIn("no such jar or directory: /no/such/library.jar", execution.traceback())

    def test_unknown_magic_lists_the_known_ones(self):
        traceback = self.execute_error("%nosuchmagic 1").traceback()
        self.assertIn("%classpath", traceback)
        self.assertIn("%maven", traceback)

    def test_magic_lines_and_java_run_in_order(self):
        helper = WORK / "helpers.jsh"
        helper.write_text('// helpers\nString greet(String who) {\n    return "hello " + who;\n}\n')
        execution = self.execute_ok(f'System.out.println("before");\n%load {helper}\ngreet("notebook")')
        self.assertEqual("before\n", execution.stdout())
        self.assertEqual("hello notebook", execution.result())

    def test_errors_in_a_loaded_file_name_the_file(self):
        broken = WORK / "broken.jsh"
        broken.write_text("int fine = 1;\nint notFine = \"text\";\n")
        self.assertIn("line 2 of broken.jsh", self.execute_error(f"%load {broken}").traceback())

    def test_maven_magic_resolves_with_dependencies(self):
        repository = Path.home() / ".m2/repository/joda-time/joda-time/2.1/joda-time-2.1.jar"
        if not repository.exists() or subprocess.run(["which", "mvn"], capture_output=True).returncode != 0:
            self.skipTest("needs mvn and joda-time 2.1 in ~/.m2 (the test resolves offline)")
        execution = self.execute_ok("%maven joda-time:joda-time:2.1")
        self.assertIn("added 1 jar", execution.stdout())
        self.assertEqual("1970", self.execute_ok(
            "new org.joda.time.DateTime(0L, org.joda.time.DateTimeZone.UTC).getYear()").result())

    def test_reading_stdin_asks_the_front_end(self):
        execution = self.kernel.execute('new Scanner(System.in).nextLine().toUpperCase()', stdin_reply="typed")
        self.assertEqual("ok", execution.status, execution.traceback())
        self.assertEqual("TYPED", execution.result())

    def test_bad_maven_coordinates(self):
        self.assertIn("not group:artifact:version", self.execute_error("%maven junit").traceback())

    # --- completion and inspection --------------------------------------------------------

    def test_completion_sees_variables_declared_earlier_in_the_cell(self):
        code = 'var words = new ArrayList<String>();\nwords.addA'
        reply = self.kernel.request(lambda c: c.complete(code, len(code)))
        self.assertEqual("ok", reply["content"]["status"])
        self.assertIn("addAll(", reply["content"]["matches"])
        self.assertEqual(code.index("addA"), reply["content"]["cursor_start"])

    def test_completion_after_a_magic_line(self):
        code = '%classpath /tmp\nInteger.parseI'
        reply = self.kernel.request(lambda c: c.complete(code, len(code)))
        self.assertEqual(["parseInt("], reply["content"]["matches"])

    def test_magic_names_complete(self):
        reply = self.kernel.request(lambda c: c.complete("%cla", 4))
        self.assertEqual(["classpath"], reply["content"]["matches"])

    def test_inspection_shows_signature_and_plain_javadoc(self):
        code = "Math.max(1, 2)"
        reply = self.kernel.request(lambda c: c.inspect(code, 6))
        text = reply["content"]["data"]["text/plain"]
        self.assertTrue(reply["content"]["found"])
        self.assertIn("int Math.max(int a, int b)", text)
        self.assertIn("Returns the greater of two int values", text)
        self.assertNotIn("{@code", text)

    def test_inspection_shows_tracebooks_own_javadoc(self):
        code = 'Bpf.c("int x;").name("x")'
        started = time.monotonic()
        reply = self.kernel.request(lambda c: c.inspect(code, code.index("name") + 2))
        print(f"Shift-Tab on a Tracebook method: {(time.monotonic() - started) * 1000:.0f} ms")
        text = reply["content"]["data"]["text/plain"]
        self.assertIn("OpenObject OpenObject.name(String name)", text)
        self.assertIn("Binds the object to a session name", text, "the javadoc of bpf-lib's sources, as plain text")

    # --- the BPF extension ----------------------------------------------------------------

    def test_bpf_jsh_imports_are_in_the_session(self):
        # The extension imports bpf.jsh's list (SessionImportsTest checks it is the same); a few of its names.
        self.assertEqual("io.tracebook.bpf.Bpf io.tracebook.bpf.error.BpfException tech.tablesaw.api.Table java.time.Duration",
                         self.execute_ok('Bpf.class.getName() + " " + BpfException.class.getName() + " " + Table.class.getName()'
                                         ' + " " + Duration.class.getName()').result())

    def test_small_table_renders_every_row_as_html(self):
        execution = self.execute_ok(
            'Table small = Table.create("pids", IntColumn.create("pid", 1, 2, 3), StringColumn.create("comm", "a<b", "bash", "java"));\nsmall')
        html = execution.result("text/html")
        self.assertIn('<table class="dataframe tracebook-table">', html)
        self.assertIn("<caption>pids</caption>", html)
        self.assertIn('<th>pid</th><th style="text-align: left">comm</th>', html)
        self.assertIn('<td>1</td><td style="text-align: left">a&lt;b</td>', html)
        self.assertIn("3 rows &times; 2 columns", html)
        self.assertNotIn("&hellip;", html)
        self.assertIn("pid", execution.result("text/plain"))

    def test_big_table_renders_head_and_tail_with_the_row_count(self):
        html = self.execute_ok(
            'Table big = Table.create("big", IntColumn.create("n", IntStream.range(0, 1000).toArray()));\nbig'
        ).result("text/html")
        self.assertIn("<tr><th>0</th><td>0</td></tr>", html)
        self.assertIn("<tr><th>9</th><td>9</td></tr>", html)
        self.assertNotIn("<tr><th>10</th>", html)
        self.assertIn("<tr><th>999</th><td>999</td></tr>", html)
        self.assertIn("&hellip;", html)
        self.assertIn("1000 rows &times; 1 column", html)

    def test_thrown_bpf_exception_shows_its_message_and_frames_then_its_details_folded(self):
        execution = self.execute_error(
            'throw new BpfException("program on_exec rejected: invalid mem access (line 4)", '
            '"0: (79) r1 = *(u64 *)(r1 +0)\\nR1 invalid mem access \'scalar\'", null);')
        number = execution.reply["content"]["execution_count"]
        self.assertEqual([f"BpfException: program on_exec rejected: invalid mem access (line 4)", f"    at line 1 of cell [{number}]"],
                         [ANSI.sub("", line) for line in execution.error()["traceback"]], "the message and the user's frame only")
        outputs = [m["msg_type"] for _, m in execution.messages if m["msg_type"] in ("error", "display_data", "stream")]
        self.assertEqual(["error", "display_data"], outputs, "the message, then the fold right below it")
        html = execution.of_type("display_data")[0]["content"]["data"]["text/html"]
        self.assertRegex(html, r'<details[^>]*><summary style="display: list-item;[^"]*">2 lines of detail</summary>')
        self.assertIn("R1 invalid mem access", html)
        self.assertEqual("io.tracebook.bpf.error.BpfException: program on_exec rejected: invalid mem access (line 4)",
                         execution.error()["evalue"])

    def test_an_exception_from_a_library_names_the_method_the_cell_called(self):
        traceback = ANSI.sub("", self.execute_error('int parsed = Integer.parseInt("x");').traceback())
        self.assertRegex(traceback, r"^java.lang.NumberFormatException: For input string: \"x\"\n"
                                    r"    in java.base/java.lang.Integer.parseInt\(Integer.java:\d+\)\n    at line 1 of cell \[\d+\]$")

    def test_bpf_exception_as_a_value_renders_the_same(self):
        execution = self.execute_ok('new BpfException("attach failed", "", null)')
        self.assertIn("BpfException: attach failed", execution.result("text/html"))
        self.assertNotIn("<details>", execution.result("text/html"))


if __name__ == "__main__":
    unittest.main()
