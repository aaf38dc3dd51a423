"""The reports people forward: one content (:mod:`~simroi.report.documents.document`), laid
out as HTML (and the PDF that prints it) and as an Excel workbook; one table of formats
(:data:`~simroi.report.documents.build.FORMATS`)."""
