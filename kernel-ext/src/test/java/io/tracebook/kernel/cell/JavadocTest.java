package io.tracebook.kernel.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavadocTest {

    @Test
    void inlineTagsAndHtmlBecomePlainText() {
        assertEquals("Returns the greater of two int values, see Math.min(int, int).\n\nIf a < b ...",
                Javadoc.plain("Returns the greater of two {@code int} values, see {@link Math#min(int, int)}.<p>"
                        + "If {@code a &lt; b} ..."));
    }

    @Test
    void aLinkWithALabelReadsAsTheLabel() {
        assertEquals("the smaller one", Javadoc.plain("{@linkplain Math#min(int, int) the smaller one}"));
    }
}
