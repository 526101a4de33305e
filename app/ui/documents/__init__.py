"""文书: previewing, printing and saving the documents of a case, and the administrator's wording."""
