"""台账 workbooks (.xlsx): reading a ledger, writing one, and the two helper files of an import
(the result listing what was not imported, the blank template). The database side — columns,
row checks, writing cases — is app/services/ledger/."""
