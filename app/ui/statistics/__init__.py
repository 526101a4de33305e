"""统计报表: the statistics screen and its chart."""
