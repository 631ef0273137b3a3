# Dates and times as Finland-Swedish public documents write them: 27.1.2022 kl. 12.00.
DATE_FORMAT = "j.n.Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
