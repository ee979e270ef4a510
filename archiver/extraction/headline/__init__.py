"""The headline as displayed and the standfirst under it."""
