from printers.paper import paper_for
from printers.plan import (CutPaper, Feed, NativeNumber, NativeQr, NativeText, Raster, RenderOptions,
                           merge_feeds, plan, wrap_columns)
from printers.samples import sample_leaflet, sample_receipt


def kinds(pieces):
    return {type(piece) for piece in pieces}


def test_raster_mode_keeps_number_and_qr_native():
    pieces = plan(sample_receipt().blocks(), paper_for(80), RenderOptions())
    assert NativeNumber("1023", 5) in pieces
    assert NativeQr(sample_receipt().public_url, 5) in pieces
    assert NativeText not in kinds(pieces)
    assert isinstance(pieces[-1], CutPaper)


def test_raster_all_has_no_native_piece():
    pieces = plan(sample_receipt().blocks(), paper_for(58), RenderOptions.raster_all())
    assert kinds(pieces) == {Raster, Feed, CutPaper}


def test_qr_falls_back_to_an_image_when_the_profile_lacks_it():
    pieces = plan(sample_receipt().blocks(), paper_for(80), RenderOptions(), qr_supported=False)
    assert NativeQr not in kinds(pieces)


def test_every_raster_fits_the_paper():
    for width in (58, 80):
        for document in (sample_receipt(), sample_leaflet()):
            pieces = plan(document.blocks(), paper_for(width), RenderOptions.raster_all())
            assert max(p.image.width for p in pieces if isinstance(p, Raster)) <= paper_for(width).dots


def test_codepage_mode_wraps_by_columns():
    pieces = plan(sample_leaflet().blocks(), paper_for(58), RenderOptions(text_mode="codepage"))
    lines = [p.text for p in pieces if isinstance(p, NativeText)]
    assert all(len(line) <= 32 for line in lines)
    assert any(line.startswith("[ ] Tờ khai") for line in lines)


def test_wrap_columns_splits_long_words():
    assert wrap_columns("a bb cccccc", 4) == ["a bb", "cccc", "cc"]


def test_merge_feeds_adds_neighbours_and_drops_zero():
    assert merge_feeds([Feed(3), Feed(0), Feed(4), CutPaper(), Feed(0)]) == [Feed(7), CutPaper()]
