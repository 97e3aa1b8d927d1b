"""Draw the priority icons in assets/icons/ (simple pictograms, no downloads).

Run: python scripts/make_icons.py   (writes elderly.png, disability.png, pregnant.png, child.png)
"""
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "assets" / "icons"
SIZE = 192
S = 4                      # supersampling factor
COLOUR = (10, 58, 122, 255)  # theme "primary"
W = 14 * S                 # stroke width


def canvas():
    image = Image.new("RGBA", (SIZE * S, SIZE * S), (0, 0, 0, 0))
    return image, ImageDraw.Draw(image)


def p(*xy):
    return [v * S for v in xy]


def line(d, *xy, width=W):
    d.line(p(*xy), fill=COLOUR, width=width, joint="curve")
    for x, y in zip(xy[::2], xy[1::2]):
        r = width / 2
        d.ellipse([x * S - r, y * S - r, x * S + r, y * S + r], fill=COLOUR)


def head(d, x, y, r):
    d.ellipse(p(x - r, y - r, x + r, y + r), fill=COLOUR)


def save(image, name):
    image.resize((SIZE, SIZE), Image.LANCZOS).save(OUT / name)


def elderly():
    image, d = canvas()
    head(d, 82, 34, 18)
    line(d, 86, 58, 100, 110)                 # bent back
    line(d, 100, 110, 88, 170)                # leg
    line(d, 100, 110, 116, 170)               # leg
    line(d, 92, 72, 128, 100)                 # arm to the cane
    line(d, 128, 96, 138, 172)                # cane
    line(d, 128, 96, 140, 90, width=10 * S)   # cane handle
    save(image, "elderly.png")


def disability():
    image, d = canvas()
    head(d, 78, 30, 18)
    line(d, 78, 58, 78, 112)                  # back
    line(d, 78, 112, 124, 112)                # thigh
    line(d, 124, 112, 140, 158)               # shin
    line(d, 78, 80, 112, 80)                  # arm
    d.arc(p(34, 88, 122, 176), start=100, end=400, fill=COLOUR, width=W)   # wheel
    save(image, "disability.png")


def pregnant():
    image, d = canvas()
    head(d, 92, 30, 18)
    line(d, 92, 56, 88, 120)                  # body
    d.ellipse(p(84, 70, 130, 120), fill=COLOUR)   # belly
    line(d, 88, 120, 80, 172)                 # legs
    line(d, 96, 120, 106, 172)
    line(d, 90, 68, 70, 110)                  # arm
    save(image, "pregnant.png")


def child():
    image, d = canvas()
    head(d, 66, 28, 18)                       # adult
    line(d, 66, 54, 66, 116)
    line(d, 66, 116, 52, 172)
    line(d, 66, 116, 80, 172)
    line(d, 66, 70, 104, 104)                 # hand in hand
    head(d, 134, 84, 14)                      # child
    line(d, 134, 104, 134, 140)
    line(d, 134, 140, 124, 172)
    line(d, 134, 140, 144, 172)
    line(d, 134, 112, 106, 106)
    save(image, "child.png")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for draw in (elderly, disability, pregnant, child):
        draw()
    print(f"wrote icons to {OUT}")
