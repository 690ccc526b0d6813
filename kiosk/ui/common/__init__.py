"""Shared pieces of the kiosk's views: sizes, fonts, words, text layout, images, QR codes, style."""
