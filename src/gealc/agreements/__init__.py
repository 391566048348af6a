"""Integration agreements between member countries (mutual recognition of digital signatures,
data exchange, shared services) and the matrix of who recognises whom."""
