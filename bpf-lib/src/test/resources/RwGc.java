/** The javagc test's workload: a JVM that collects its garbage GCS times once told to go (a line on stdin). */
public class RwGc {
    public static void main(String[] args) throws Exception {
        int gcs = Integer.parseInt(args[0]);
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        if (new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine() == null) System.exit(3);
        for (int i = 0; i < gcs; i++) System.gc();
    }
}
