"""The counter-side rating tablet: `python main.py rating --counter N` (Kivy)."""
