# UN style for English dates: "1 October 2013".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
