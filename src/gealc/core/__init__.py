"""What every app shares and that belongs to none of them."""
