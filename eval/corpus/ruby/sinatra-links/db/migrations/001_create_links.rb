Sequel.migration do
  change do
    create_table(:links) do
      primary_key :id
      String :code, null: false, unique: true
      String :url, null: false, text: true
    end
  end
end
