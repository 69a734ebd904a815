"""What goes out of the program and comes in: the printed PDF and Excel workbooks. Imports no Qt."""
