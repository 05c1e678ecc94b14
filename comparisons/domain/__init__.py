"""Pure domain code: plain dataclasses in, plain data out. No Django request, no ORM."""
