package io.tracebook.bpf.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tech.tablesaw.api.Table;

class FlameGraphTest {
    private static final String LONG_NAME = "a_function_with_a_name_far_too_long_to_fit_in_a_narrow_box_of_the_graph";

    /** main: 60 samples in work (40 in hash, 20 in sort), 30 in io → read, 10 in main itself. */
    private static Table samples() {
        List<List<String>> stacks = new ArrayList<>();
        for (int i = 0; i < 40; i++) stacks.add(List.of("main", "work", "hash"));
        for (int i = 0; i < 20; i++) stacks.add(List.of("main", "work", "sort"));
        for (int i = 0; i < 30; i++) stacks.add(List.of("main", "io", "read<&>"));
        for (int i = 0; i < 10; i++) stacks.add(List.of("main"));
        stacks.add(List.of("main", "io", LONG_NAME));
        return FlameGraph.fold(stacks);
    }

    @Test
    void foldCountsIdenticalStacks() {
        Table folded = samples();
        assertEquals(List.of("stack", "count"), folded.columnNames());
        Map<String, Long> counts = new HashMap<>();
        for (int r = 0; r < folded.rowCount(); r++) counts.put(folded.stringColumn("stack").get(r), folded.longColumn("count").get(r));
        assertEquals(Map.of("main;work;hash", 40L, "main;work;sort", 20L, "main;io;read<&>", 30L, "main", 10L, "main;io;" + LONG_NAME, 1L), counts);
    }

    @Test
    void svgStartsWithTheSvgElementSoThatHtmlCanEmbedIt() {
        String svg = FlameGraph.svg(samples(), "cpu profile").markup();
        assertTrue(svg.startsWith("<svg "), "no XML declaration (jupyter nbconvert --to html fails on one): " + svg.substring(0, 60));
    }

    @Test
    void printsAsASummaryThatSaysHowToSeeIt() {
        Svg svg = FlameGraph.svg(samples(), "cpu profile");
        assertEquals("SVG 1200x112 flame graph \"cpu profile\", 101 samples; .save(path) for a browser", svg.toString());
        assertTrue(svg.markup().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"112\""), svg.markup().substring(0, 100));
    }

    @Test
    void svgIsXmlWithEveryFrameAndWidthsProportionalToSamples() throws Exception {
        Document doc = parse(FlameGraph.svg(samples(), "cpu profile").markup());
        Map<String, double[]> boxes = boxes(doc);   // name → x, y, width
        for (String name : List.of("all", "main", "work", "hash", "sort", "io", "read<&>", LONG_NAME)) {
            assertTrue(boxes.containsKey(name), name + " has a box: " + boxes.keySet());
        }
        double all = boxes.get("all")[2];
        assertEquals(1180, all, 0.01);
        assertEquals(all, boxes.get("main")[2], 0.01, "every sample is in main");
        assertEquals(all * 60 / 101, boxes.get("work")[2], 0.01);
        assertEquals(boxes.get("work")[2], boxes.get("hash")[2] + boxes.get("sort")[2], 0.02, "work's callees fill it");
        assertEquals(boxes.get("io")[2], boxes.get("read<&>")[2] + boxes.get(LONG_NAME)[2], 0.02, "io's callees fill it");
        assertEquals(boxes.get("hash")[0] + boxes.get("hash")[2], boxes.get("sort")[0], 0.02, "siblings sit side by side");
        assertTrue(boxes.get("hash")[1] < boxes.get("work")[1], "callees are drawn above their callers");
        assertEquals(boxes.get("work")[1] - 17, boxes.get("hash")[1], 0.01);
        assertTrue(doc.getDocumentElement().getTextContent().contains("hash (40 samples, 39.60%)"), "tooltip with samples and share");
    }

    @Test
    void namesAreCutToTheirBox() throws Exception {
        Document doc = parse(FlameGraph.svg(samples()).markup());
        List<String> texts = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName("text");
        for (int i = 0; i < nodes.getLength(); i++) texts.add(nodes.item(i).getTextContent());
        assertTrue(texts.contains("read<&>"));
        assertFalse(texts.contains(LONG_NAME), "the long name's box is ~12 px wide");
        assertEquals("", FlameGraph.fitted(LONG_NAME, 12));
        assertEquals("a_functio..", FlameGraph.fitted(LONG_NAME, 6 + 11 * 12 * 0.602));
        assertEquals("main", FlameGraph.fitted("main", 6 + 4 * 12 * 0.602));
    }

    @Test
    void coloursAreWarmAndStable() {
        for (String name : List.of("main", "work", "hash", "x", LONG_NAME)) {
            String c = FlameGraph.colour(name);
            int r = Integer.parseInt(c.substring(1, 3), 16), g = Integer.parseInt(c.substring(3, 5), 16), b = Integer.parseInt(c.substring(5, 7), 16);
            assertTrue(r >= 205 && r >= g && g >= b || r >= 205 && b <= 55, name + " " + c);
            assertEquals(c, FlameGraph.colour(name));
        }
    }

    @Test
    void noSamplesGiveAnEmptyButValidGraph() throws Exception {
        Document doc = parse(FlameGraph.svg(FlameGraph.fold(List.of()), "nothing").markup());
        assertEquals(0, boxes(doc).size());
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, double[]> boxes(Document doc) {
        Map<String, double[]> boxes = new HashMap<>();
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 1; i < rects.getLength(); i++) {   // the first is the background
            Element rect = (Element) rects.item(i);
            Element group = (Element) rect.getParentNode();
            String tip = group.getElementsByTagName("title").item(0).getTextContent();
            String name = tip.substring(0, tip.lastIndexOf(" ("));
            boxes.put(name, new double[] {
                Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")), Double.parseDouble(rect.getAttribute("width"))
            });
        }
        return boxes;
    }
}
