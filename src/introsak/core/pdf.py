"""HTML to PDF/A with WeasyPrint: the one place the documents Introsak prints are made.

Letters and printed material are archived and sent out of the system, so they are PDF/A-2b
(fonts embedded, XMP metadata). The templates share their page style and letterhead
(`core/documents/style.css` and `core/documents/letterhead.html`).
"""

from __future__ import annotations

PDF_VARIANT = "pdf/a-2b"


def html_to_pdf(html: str, *, base_url: str = ".") -> bytes:
    """Render a complete HTML document to PDF/A bytes."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
