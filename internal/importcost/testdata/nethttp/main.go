// Command nethttp is the same program as ../facade with net/http and
// encoding/json alone.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	req, err := http.NewRequest(http.MethodGet, "https://api.fastly.com/tokens", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	req.Header.Set("Fastly-Key", os.Getenv("FASTLY_API_TOKEN"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var tokens []map[string]any
	err = json.NewDecoder(resp.Body).Decode(&tokens)
	fmt.Println(len(tokens), err)
}
